import torch

x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0], requires_grad=True)

c = x.clamp(min=-1.0, max=1.0)
c2 = torch.clamp(x, 0.0, 1.5)
p = x.pow(2)
p3 = torch.pow(x, 3)
n = x.neg()
n2 = torch.neg(c)

print(c)
print(c2)
print(p)
print(p3)
print(n)
print(n2)

y = (c + c2 + p + p3 + n + n2).sum()
y.backward()
print(x.grad)
