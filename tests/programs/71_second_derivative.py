# expect-warning: UserWarning
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3

dy = torch.autograd.grad(y, x, create_graph=True)[0]
print(f"dy/dx at 2: {dy}")

d2y = torch.autograd.grad(dy, x)[0]
print(f"d2y/dx2 at 2: {d2y}")

z = x ** 4
z.backward(create_graph=True)
print(x.grad)
