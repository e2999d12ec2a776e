import torch

# A helper that prints as it works, called from the top level: each line is printed once, by the step that
# printed it.
def report(name, t):
    print(f"{name}: mean {t.mean().item():.4f}, norm {t.norm().item():.4f}")
    return t.norm()

w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
loss = (w ** 2).sum()
loss.backward()
size = report("w", w)
report("w.grad", w.grad)
print("returned:", size)
