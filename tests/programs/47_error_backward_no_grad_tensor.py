# expect-error: runtime_error line 8
import torch

x = torch.tensor([1.0, 2.0])
y = (x * 3).sum()
print(y, y.requires_grad)

y.backward()
