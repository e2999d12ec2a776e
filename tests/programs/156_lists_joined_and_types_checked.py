import math
import torch

params = [torch.tensor([1.0, -1.0], requires_grad=True)]
params = params + [torch.tensor(0.5, requires_grad=True)]
history = [0.0] * 3
shape = (2,) + (3,)
print(len(params), history, shape, 2 * [True])
loss = sum((p ** 2).sum() for p in params)
loss.backward()
for p in params:
    kind = "vector" if isinstance(p, torch.Tensor) and p.dim() else "scalar"
    print(kind, p.grad, isinstance(p.grad, (int, float)))
print(math.pow(2, 0.5), isinstance(1.5, float), isinstance("a", (int, str)))
