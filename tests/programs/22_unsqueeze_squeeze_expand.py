import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

row = x.unsqueeze(0)
col = torch.unsqueeze(x, 1)
back = row.squeeze()
back2 = torch.squeeze(col, 1)
wide = col.expand(3, 4)

print(row, row.shape)
print(col.shape)
print(back)
print(back2)
print(wide)

y = wide.sum() + (back * back2).sum()
y.backward()
print(x.grad)
