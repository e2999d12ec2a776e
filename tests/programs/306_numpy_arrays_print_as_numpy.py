import numpy as np
import torch

# Arrays print exactly as NumPy prints them, beside tensors.
a = np.array([[1.0, 2.5], [3.0, 4.0]])
print(a)
print(a.T, a.shape, a.dtype, a.ndim, a.size)
print(a.sum(), a.sum(axis=0), a.mean(), a.max(), a.min(axis=1))
print(a * 2 - 1, a / 4, a ** 2, 1 / a)
print(np.zeros((2, 3)), np.ones(4, dtype=np.float32))
print(np.arange(6), np.arange(0, 1, 0.25), np.linspace(0, 2, 5))
print(np.arange(12).reshape(3, 4))
print(a[0], a[:, 1], a[a > 2], a[1, 0])
print(np.pi, np.e, np.float32, np.array(2.5), a.astype(np.float32).dtype)
print(np.random.rand(3).shape, a.tolist(), a.copy().flatten())
ints = np.array([1, 2, 3])
print(ints, ints.dtype, ints * 1.5, ints // 2, -ints)
t = torch.from_numpy(a)
a += 10  # shared memory: the tensor sees it
print(t)
m = torch.tensor(np.array([[0.5, -0.5]]), dtype=torch.float32, requires_grad=True)
loss = (m ** 2).sum()
loss.backward()
print(m.grad.numpy(), m.grad.numpy().sum())
print(np.arange(2000.0))
if a.min() > 10:
    print("all above ten:", a.min())
for row in np.arange(6.0).reshape(3, 2):
    print(row, row.sum())
pairs = list(zip(np.array([1.0, 2.0]), np.array([10, 20])))
print(pairs, sorted(np.array([3, 1, 2]).tolist()))
grid = np.zeros((2, 3))
grid[0] = 1.5
grid[:, 2] = np.array([7.0, 8.0])
grid[1, 0] = -1
shared = torch.from_numpy(grid)
grid[1, 1] = 4
print(grid, shared)
