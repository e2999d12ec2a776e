import torch

# Check autograd against central finite differences, in double precision.
def f(x):
    return (x.sin() * x ** 2).sum() + x.prod()

def numerical_grad(fn, x, eps=1e-6):
    grads = []
    for i in range(x.numel()):
        step = torch.zeros_like(x)
        step[i] = eps
        grads.append((fn(x + step) - fn(x - step)).item() / (2 * eps))
    return torch.tensor(grads, dtype=x.dtype)

x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64, requires_grad=True)
y = f(x)
y.backward()
with torch.no_grad():
    approx = numerical_grad(f, x)
error = (x.grad - approx).abs().max().item()
print("autograd :", x.grad)
print("numerical:", approx)
print("max error below 1e-6:", error < 1e-6)
assert error < 1e-6, "gradient check failed"
print("gradient check passed")
