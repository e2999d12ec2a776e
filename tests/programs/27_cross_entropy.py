import torch
import torch.nn.functional as F

logits = torch.randn(3, 4, requires_grad=True)
target = torch.tensor([0, 3, 1])

loss = F.cross_entropy(logits, target)
print(logits)
print(f"cross entropy: {loss}")

loss.backward()
print(logits.grad)
print(logits.grad.sum(dim=1))
