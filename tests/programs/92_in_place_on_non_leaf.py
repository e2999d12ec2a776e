import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x * 2
print(h.grad_fn.name())
h.add_(1)
print(h.grad_fn.name())
h.mul_(3)
print(h)

h.sum().backward()
print(x.grad)
