import torch

x = torch.rand(2, requires_grad=True)
a = x * 2
b = a.exp()
c = b.sum()

print(a.grad_fn.name())
print(b.grad_fn.name())
print(c.grad_fn.name())
print(x.grad_fn)
