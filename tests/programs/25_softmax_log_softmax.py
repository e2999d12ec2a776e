import torch
import torch.nn.functional as F

logits = torch.tensor([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]], requires_grad=True)

p = F.softmax(logits, dim=1)
lp = F.log_softmax(logits, dim=1)
p0 = torch.softmax(logits, dim=0)

print(p)
print(lp)
print(p0)
print(p.sum(dim=1))

loss = -lp[0, 1] - lp[1, 2]
loss.backward()
print(f"loss = {loss.item():.4f}")
print(logits.grad)
