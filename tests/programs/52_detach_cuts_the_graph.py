import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

a = x * 2
frozen = a.detach()
b = a * frozen
c = frozen + 1

print(frozen.requires_grad, frozen.is_leaf)
print(b.requires_grad, c.requires_grad)

b.sum().backward()
print(x.grad)

with torch.no_grad():
    e = x * 10
print(e, e.requires_grad)
