# expect-error: runtime_error line 11
import torch

a = torch.ones(2, 2, requires_grad=True)
b = torch.zeros(3, 3)

for i in range(2):
    print(i, a.sum().item())

print("joining")
c = torch.cat([a, b], dim=0)
