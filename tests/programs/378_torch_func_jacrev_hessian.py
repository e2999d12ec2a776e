import torch
from torch.func import jacrev

# Jacobians with torch.func.jacrev, a Hessian as jacrev of jacrev, checked against torch.autograd.functional.


def f(x):
    return torch.stack([x[0] * x[1], torch.sin(x[1]), x[0] ** 3])


def energy(x):
    return (x**4).sum() / 4 + x[0] * x[1]


x = torch.tensor([1.0, 2.0])
jr = jacrev(f)(x)
print(jr)
print(torch.allclose(jr, torch.autograd.functional.jacobian(f, x)))
h = jacrev(jacrev(energy))(x)
print(h)
print(torch.equal(h, torch.autograd.functional.hessian(energy, x)))
w = torch.tensor([0.5, -1.0, 2.0])
print(jacrev(lambda v: v.exp() * w)(w.clone()))
