import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * x * 2

v = torch.tensor([1.0, 0.1, 0.01])
y.backward(v)

print(y)
print(x.grad)
print(x.grad / v)
