# expect-error: runtime_error line 8
import torch

a = torch.rand(2, 3, dtype=torch.float64, requires_grad=True)
b = torch.rand(3, 2)
print(a.dtype, b.dtype)

c = a @ b
print(c)
