# expect-error: runtime_error line 9
import torch

w = torch.ones(2, 2, requires_grad=True)
v = torch.ones(3)
for i in range(3):
    with torch.no_grad():
        print(i)
        w2 = w @ v
