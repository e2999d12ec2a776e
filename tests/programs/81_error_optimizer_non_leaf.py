# expect-error: runtime_error line 6
import torch

w = torch.rand(3, requires_grad=True)
scaled = w * 10
optimizer = torch.optim.SGD([scaled], lr=0.1)
print("unreachable")
