import torch
import torch.nn as nn
import torch.nn.functional as F

# Knowledge distillation: a small student matches a fixed teacher's softened probabilities with KL divergence.
torch.manual_seed(0)
teacher = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
student = nn.Linear(4, 3)
teacher.eval()
x = torch.randn(20, 4)
temperature = 2.0
with torch.no_grad():
    soft_targets = F.softmax(teacher(x) / temperature, dim=1)
kl = nn.KLDivLoss(reduction="batchmean")
optimizer = torch.optim.SGD(student.parameters(), lr=0.5)
for step in range(40):
    log_probs = F.log_softmax(student(x) / temperature, dim=1)
    loss = kl(log_probs, soft_targets) * temperature ** 2
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 5))
agree = (student(x).argmax(dim=1) == teacher(x).argmax(dim=1)).float().mean()
print(agree)
print(F.kl_div(log_probs, soft_targets.log(), reduction="batchmean", log_target=True))
