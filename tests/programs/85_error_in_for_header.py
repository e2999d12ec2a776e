# expect-error: runtime_error line 7
import torch

weights = torch.rand(2, 3, requires_grad=True)
inputs = torch.rand(2)

for row in weights @ inputs:
    print(row)
