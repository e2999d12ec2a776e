import torch
x = torch.rand(2, 3)
rows, cols = x.shape
print(rows, cols, x.shape == (2, 3), len(x.shape))
best = float("inf")
for i in range(3):
    v = x[0, i].item()
    if v < best:
        best = v
print(best == x[0].min().item())
