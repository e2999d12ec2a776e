import torch

x = torch.tensor([0.25, 0.5, 1.0, 2.0], requires_grad=True)

e = x.exp()
l = torch.log(x)
s = torch.sin(x)
c = x.cos()
t = torch.tanh(x)
g = x.sigmoid()
r = torch.relu(x - 0.75)
q = x.sqrt()
a = torch.abs(x - 1.5)

print(e)
print(l)
print(s)
print(c)
print(t)
print(g)
print(r)
print(q)
print(a)

total = (e + l + s + c + t + g + r + q + a).sum()
total.backward()
print(x.grad)
