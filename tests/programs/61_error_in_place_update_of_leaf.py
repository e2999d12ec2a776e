# expect-error: runtime_error line 10
import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * w).sum()
loss.backward()
print(w.grad)

# forgot `with torch.no_grad():`
w -= 0.1 * w.grad
print(w)
