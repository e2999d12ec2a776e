# expect-error: runtime_error line 8
import torch

w = torch.ones(3, requires_grad=True)
print(w.grad)

# zeroing before the first backward: there is no .grad yet
w.grad.zero_()
loss = (w * 2).sum()
loss.backward()
