import torch
import torch.nn as nn

# A hand-written SGD step with add_(grad, alpha=-lr), and copy_ to sync a second model, as older tutorials do.
torch.manual_seed(0)
model = nn.Linear(2, 1)
target_model = nn.Linear(2, 1)
x = torch.randn(6, 2)
y = x[:, :1] - 2 * x[:, 1:]
lr = 0.2
for step in range(4):
    loss = ((model(x) - y) ** 2).mean()
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(p.grad, alpha=-lr)
    print(f"step {step}: {loss.item():.4f}")

with torch.no_grad():
    for src, dst in zip(model.parameters(), target_model.parameters()):
        dst.copy_(src)
print(torch.equal(model.weight, target_model.weight))
tau = 0.5
with torch.no_grad():
    for src, dst in zip(model.parameters(), target_model.parameters()):
        dst.mul_(1 - tau).add_(src * tau)
for p in model.parameters():
    p.grad.data.zero_()
print(target_model.weight, model.weight.grad)
