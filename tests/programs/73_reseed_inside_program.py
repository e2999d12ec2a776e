import torch

a = torch.rand(3)
torch.manual_seed(42)
b = torch.rand(3)
torch.manual_seed(42)
c = torch.rand(3)

print(a)
print(b)
print(c)
print(b == c)
