import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

# A data set made in NumPy, wrapped for PyTorch, and a first batch peeked at before training.
np.random.seed(0)
features = np.random.rand(12, 2).astype(np.float32)
targets = (features @ np.array([2.0, -1.0], dtype=np.float32) + 0.5).reshape(-1, 1)
print(features.shape, targets.shape, features.dtype)

dataset = TensorDataset(torch.from_numpy(features), torch.from_numpy(targets))
loader = DataLoader(dataset, batch_size=4)
xb, yb = next(iter(loader))
print("first batch:", xb.shape, yb.shape)
print(xb)

w = torch.zeros(2, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(30):
    for xb, yb in loader:
        loss = ((xb @ w + b - yb) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.5 * w.grad
            b -= 0.5 * b.grad
        w.grad.zero_()
        b.grad.zero_()
print(f"loss {loss.item():.5f}")
print(w.detach().numpy().T, b.detach().numpy())
batches = iter(loader)
sizes = [len(next(batches)[0]) for _ in range(3)]
print(sizes, next(batches, None))
