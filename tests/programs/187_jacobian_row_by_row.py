import torch

# The Jacobian of a vector function, one row per autograd.grad call, against the formula.
def f(x):
    return torch.stack([x[0] * x[1], x[1].sin(), x[0] ** 2 + x[2]])

x = torch.tensor([1.0, 0.5, 2.0], requires_grad=True)
y = f(x)
rows = []
for i in range(len(y)):
    (row,) = torch.autograd.grad(y[i], x, retain_graph=True)
    rows.append(row)
J = torch.stack(rows)

a, b, c = x.tolist()
expected = torch.tensor([[b, a, 0.0], [0.0, torch.cos(x[1]).item(), 0.0], [2 * a, 0.0, 1.0]])
print(J)
print("matches the formula:", bool((J - expected).abs().max() < 1e-6))
y.backward(torch.ones(3))
print("sum of the rows:", x.grad, J.sum(dim=0))
