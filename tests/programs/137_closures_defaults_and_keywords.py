import torch

def make_scaler(factor):
    def scale(t):
        return t * factor
    return scale

def polynomial(x, a, b=0.0, *, c=1.0):
    return a * x ** 2 + b * x + c

triple = make_scaler(3)
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = triple(x)
z = polynomial(y, 0.5, c=2.0).sum()
z.backward()
print(y, z)
print(x.grad)
print(polynomial(2.0, 1.0), polynomial(2.0, 1.0, 3.0, c=0.0))
