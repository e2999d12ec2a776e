# expect-error: runtime_error line 9
import torch

x = torch.tensor([0.5, 1.0], requires_grad=True)
y = x.exp()
y.add_(1)
print(y)

y.sum().backward()
print(x.grad)
