import torch

x = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64, requires_grad=True)
y = torch.rand(3, dtype=torch.float64)

z = (x * y).exp().sum()
z.backward()

print(x)
print(y)
print(z)
print(x.grad)
print(z.dtype, x.grad.dtype)
print(f"{z.item()}")
