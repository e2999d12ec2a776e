import torch

x = torch.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], requires_grad=True)

biggest = x.max()
smallest = torch.min(x)
values, indices = x.max(dim=1)
low, where = torch.min(x, dim=0)

print(biggest, smallest)
print(values)
print(indices)
print(low)
print(where)

y = biggest + smallest + values.sum() + low.sum()
y.backward()
print(x.grad)
