# expect-error: runtime_error line 8
import torch

# Two fields and one value: str.format says which index it could not fill.
loss = torch.tensor(0.25)
print("loss {:.3f}".format(loss.item()))
step = 3
print("step {} loss {:.3f}".format(step))
