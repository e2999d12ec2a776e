# expect-error: runtime_error line 8
import torch

def loss_fn(pred, target):
    return ((pred - target) ** 2).mean()

p = torch.tensor([1.0, 2.0], requires_grad=True)
print(loss_fn(p))
