import torch

n = torch.arange(6)
print(n / 2)
print(n // 4)
print(n % 4)
print(n * 1.5)
print(n.dtype, (n / 2).dtype, (n * 1.5).dtype)
print(n.sum(), n.max())
m = n.reshape(2, 3)
print(m.transpose(0, 1))
