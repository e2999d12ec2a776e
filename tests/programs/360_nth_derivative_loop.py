import torch

# Derivatives of tanh, one after another: each torch.autograd.grad keeps the graph for the next one.
x = torch.tensor(0.5, requires_grad=True)
y = torch.tanh(x)
derivatives = [y]
current = y
for order in range(1, 5):
    (current,) = torch.autograd.grad(current, x, create_graph=True)
    derivatives.append(current)

for order, d in enumerate(derivatives):
    print(f"d^{order} tanh/dx^{order} at 0.5 = {d.item():>10.6f}")

# The closed forms, for comparison.
t = torch.tanh(torch.tensor(0.5))
first = 1 - t**2
second = -2 * t * first
print(f"{first.item():.6f} {second.item():.6f}")
print(torch.allclose(derivatives[1], first), torch.allclose(derivatives[2], second))

# A gradient that does not depend on x at all: allow_unused gives None.
z = torch.tensor(2.0, requires_grad=True)
(gx, gz) = torch.autograd.grad(z * 3, [x, z], allow_unused=True)
print(gx, gz)
