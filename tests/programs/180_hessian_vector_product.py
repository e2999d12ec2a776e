import torch
from torch.autograd import grad

# A Hessian-vector product by double backward, checked against the full Hessian built row by row.
def f(x):
    return (x ** 3).sum() + x[0] * x[1] * x[2]

x = torch.tensor([1.0, 2.0, -1.0], requires_grad=True)
v = torch.tensor([1.0, 0.0, 0.5])

(g,) = grad(f(x), x, create_graph=True)
(hvp,) = grad(g @ v, x, retain_graph=True)

rows = []
for i in range(3):
    (row,) = grad(g[i], x, retain_graph=True)
    rows.append(row)
H = torch.stack(rows)
print("gradient:", g)
print("Hessian:\n", H)
print("Hv by double backward:", hvp)
print("Hv from the Hessian:  ", H @ v)
print("symmetric:", (H - H.T).abs().max().item() == 0)
