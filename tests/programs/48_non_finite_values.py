import torch

x = torch.tensor([0.0, 1.0, 4.0], requires_grad=True)

l = torch.log(x)
r = 1 / x
q = x.sqrt()
n = l * 0

print(l)
print(r)
print(q)
print(n)

y = q.sum()
y.backward()
print(x.grad)
