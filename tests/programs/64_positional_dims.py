import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)

a = x.sum(0)
b = x.mean(-1)
c = x.transpose(-1, -2)
d = torch.cat([x, x * 2], 1)
e = torch.softmax(x, -1)
f = x.unsqueeze(-1).expand(-1, -1, 2)

print(a)
print(b)
print(c)
print(d)
print(e)
print(f.shape)

(a.sum() + b.sum() + d.sum() + e[0, 0] + f.sum()).backward()
print(x.grad)
