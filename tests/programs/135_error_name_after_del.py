# expect-error: runtime_error line 7
import torch

w = torch.zeros(2, requires_grad=True)
del w
print("w is gone")
print(w)
