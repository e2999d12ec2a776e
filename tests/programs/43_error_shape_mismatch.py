# expect-error: runtime_error line 9
import torch

a = torch.rand(2, 3, requires_grad=True)
b = torch.rand(3, 2)
print(a.shape, b.shape)
c = a @ b
print(c.shape)
d = a + b
print("never printed")
