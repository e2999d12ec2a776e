import torch

a = torch.rand(2, 3, device="cpu", requires_grad=True)
b = a.to(torch.float64)
c = b.sum()
c.backward()
print(b.dtype, c)
print(a.grad)
