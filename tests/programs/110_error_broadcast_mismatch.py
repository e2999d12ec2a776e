# expect-error: runtime_error line 8
import torch

a = torch.rand(2, 3, requires_grad=True)
b = torch.rand(2)
print(a.shape, b.shape)
c = a * b.unsqueeze(1)
d = a * b
print(d)
