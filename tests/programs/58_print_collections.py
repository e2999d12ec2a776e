import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a * 2

print([a, b])
print((a.shape, b.shape))
print([a.requires_grad, b.requires_grad, b.is_leaf])
print(a.grad, b.grad_fn is None)
print("values:", [1.5, -2.25], a.sum().item())
print(f"{a.sum().item()} + {b.sum().item()} = {(a + b).sum().item()}")
