# expect-error: runtime_error line 8
import torch

x = torch.rand(3, requires_grad=True)
y = x * 2
print(y)

y.backward()
print(x.grad)
