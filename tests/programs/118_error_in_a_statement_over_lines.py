# expect-error: runtime_error line 6
import torch
total = torch.ones(2, requires_grad=True) * 2
print("before")
bad = (total
       .backward())
