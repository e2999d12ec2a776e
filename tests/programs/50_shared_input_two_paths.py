import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)

a = x * 3
b = x ** 2
c = a * b
d = c + a

d.backward(torch.ones(2))
print(d)
print(x.grad)
