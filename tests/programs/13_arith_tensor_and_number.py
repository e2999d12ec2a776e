import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

a = x + 2
b = 3 - x
c = x * 4
d = 1 / x
e = x / 2
f = x ** 3
g = 2 ** x
h = -x

y = a + b + c + d + e + f + g + h
print(y)
total = y.sum()
total.backward()
print(x.grad)
