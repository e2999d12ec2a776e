import math
import torch

# Clip the gradients' global norm, as clip_grad_norm_ does, in a no_grad helper.
@torch.no_grad()
def clip_by_norm(params, max_norm):
    total = math.sqrt(sum((p.grad ** 2).sum().item() for p in params))
    scale = max_norm / (total + 1e-6)
    if scale < 1:
        for p in params:
            g = p.grad
            g *= scale
    return total

w = torch.tensor([3.0, -4.0], requires_grad=True)
b = torch.tensor([12.0], requires_grad=True)
for step in range(3):
    loss = 0.5 * (w ** 2).sum() + 0.5 * (b ** 2).sum()
    loss.backward()
    before = clip_by_norm([w, b], max_norm=1.0)
    after = math.sqrt(w.grad.norm().item() ** 2 + b.grad.norm().item() ** 2)
    print(f"step {step}: norm {before:.3f} -> {after:.3f}")
    with torch.no_grad():
        w -= 0.5 * w.grad
        b -= 0.5 * b.grad
    w.grad.zero_()
    b.grad.zero_()
print(w, b)
