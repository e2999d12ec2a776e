import torch

# Changing only some entries: `t[mask] += v` and `t[rows, cols] -= v` write back into the tensor, as Python
# calls __setitem__ after the in-place add on the copy that advanced indexing made.
torch.manual_seed(0)
scores = torch.randn(6)
positive = scores > 0
scores[positive] += 10.0
print(scores)

grid = torch.zeros(3, 3)
grid[[0, 1, 2], [2, 1, 0]] -= 1.0
grid[1:, :1] += 2.0
print(grid)

w = torch.ones(4, requires_grad=True)
with torch.no_grad():
    w[torch.tensor([True, False, True, False])] *= 3.0
loss = (w ** 2).sum()
loss.backward()
print(w, w.grad)
