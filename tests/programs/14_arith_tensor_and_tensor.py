import torch

x = torch.tensor([0.5, 1.5, -2.0], requires_grad=True)
w = torch.tensor([2.0, -1.0, 3.0], requires_grad=True)

p = x * w
q = x / w
s = x - w
t = x ** w.abs()
out = (p + q * s + t).sum()

print(f"out = {out}")
out.backward()
print(f"dout/dx = {x.grad}")
print(f"dout/dw = {w.grad}")
