# expect-error: runtime_error line 5
import torch

print("building the data")
x = torch.tensor([1, 2, 3], requires_grad=True)
y = (x * 2).sum()
