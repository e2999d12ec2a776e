import random
import torch

# Mini-batch SGD with batches drawn by random.sample (seeded, like torch, by the run).
torch.manual_seed(0)
n = 32
X = torch.randn(n, 2)
y = X @ torch.tensor([1.5, -2.0]) + 0.3

w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.1)
batch_size = 8
for epoch in range(20):
    idx = random.sample(range(n), batch_size)
    xb, yb = X[idx], y[idx]
    loss = ((xb @ w + b - yb) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch:2d}: batch {sorted(idx)[:3]}... loss {loss.item():.4f}")

full = ((X @ w + b - y) ** 2).mean()
print("full-data loss: %.4f" % full.item())
print(w, b)
