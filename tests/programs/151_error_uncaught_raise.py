# expect-error: runtime_error line 7
import torch

w = torch.zeros(2, requires_grad=True)
loss = (w - 1).pow(2).sum()
if loss.item() > 1.0:
    raise RuntimeError(f"loss {loss.item()} is too high")
print("never printed")
