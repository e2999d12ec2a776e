import torch

x = torch.tensor(1.5, requires_grad=True)

u = x ** 2
v = torch.sin(u)
w = v * x
y = torch.exp(w)

y.backward()

manual = torch.exp(w) * (torch.cos(u) * 2 * x * x + v)
print(f"autograd: {x.grad.item():.6f}")
print(f"manual:   {manual.item():.6f}")
print(x.grad)
print(u, v, w, y)
