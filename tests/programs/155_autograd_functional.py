import torch
from torch.autograd.functional import jacobian, hessian, vjp, jvp

def f(t):
    return t ** 2 + 3 * t

def energy(t):
    return (t ** 3).sum() / 3

x = torch.tensor([1.0, -2.0])
print(jacobian(f, x))
print(hessian(energy, x))
out, grads = vjp(f, x, torch.ones(2))
print(out, grads)
out, tangent = jvp(f, x, torch.tensor([1.0, 0.0]))
print(out, tangent)
