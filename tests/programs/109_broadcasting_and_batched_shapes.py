import torch

col = torch.tensor([[1.0], [2.0]], requires_grad=True)
row = torch.tensor([10.0, 20.0, 30.0], requires_grad=True)
grid = col + row
print(grid, grid.shape)

batch = torch.rand(2, 2, 3, requires_grad=True)
W = torch.rand(3, 4, requires_grad=True)
out = batch @ W
v = torch.rand(3)
vec = v @ W
dot = v @ v
print(out.shape, vec.shape, dot.shape)

wide = row.expand(2, 3)
tiled = row.repeat(2, 1, 1)
joined = torch.cat([grid, wide], dim=-1)
stacked = torch.stack([grid, wide], dim=-1)
picked = torch.where(grid > 15, grid, 0.0)
print(wide.shape, tiled.shape, joined.shape, stacked.shape)
print(picked)

total = grid.sum() + out.sum() + vec.sum() + tiled.sum() + joined.sum() + stacked.sum() + picked.sum()
total.backward()
print(col.grad)
print(row.grad)
print(W.grad)
