# expect-error: runtime_error line 5
import torch

def combine(a, b):
    return a + b

x = torch.ones(2, requires_grad=True)
print(combine(x, x))
print(combine(x, torch.ones(3)))
