import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0, 5.0], requires_grad=True)
c = torch.tensor([6.0, 7.0], requires_grad=True)

joined = torch.cat([a, b])
stacked = torch.stack([a, c])
stacked1 = torch.stack((a, c), dim=1)
m = torch.cat((stacked, stacked * 10), dim=0)

print(joined)
print(stacked)
print(stacked1)
print(m, m.shape)

y = (joined ** 2).sum() + m.sum() + stacked1[0].sum()
y.backward()
print(a.grad)
print(b.grad)
print(c.grad)
