# expect-error: runtime_error line 8
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
total = torch.zeros(1)

for i in range(4):
    total = total + x[i] * x[i]
    print(i, total)
