# expect-error: runtime_error line 8
import torch

x = torch.rand(2, requires_grad=True)
y = x * 2
print(y.is_leaf)

y.requires_grad_(False)
print(y.requires_grad)
