# expect-error: runtime_error line 10
import torch

# A hook must hand back a gradient of the same shape: one that sums it is refused during backward.
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x * 2
h.register_hook(lambda g: g * 10)
h.register_hook(lambda g: g.sum())
print("hooks registered")
h.sum().backward()
print("never printed")
