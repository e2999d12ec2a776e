# expect-error: runtime_error line 5
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
print(w.grad)
w2 = w - 0.1 * w.grad
