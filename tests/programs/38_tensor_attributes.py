import torch

a = torch.rand(2, 3, requires_grad=True)
b = a * 2
c = b.mean()

print(a.shape, b.shape, c.shape)
print(a.dtype)
print(a.requires_grad, b.requires_grad)
print(a.is_leaf, b.is_leaf, c.is_leaf)
print(a.grad_fn is None, b.grad_fn is None)
print(a.grad)
c.backward()
print(a.grad)
print(a.grad is None)
print(c.item() == b.mean().item())
