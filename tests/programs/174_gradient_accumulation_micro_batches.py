import torch

# Gradient accumulation: four micro-batches give the gradient of the whole batch.
torch.manual_seed(3)
X = torch.randn(8, 3)
y = torch.randn(8)
w = torch.randn(3, requires_grad=True)

def loss_fn(xb, yb):
    return ((xb @ w - yb) ** 2).mean()

def accumulate(micro_batches):
    n = len(micro_batches)
    for xb, yb in micro_batches:
        loss = loss_fn(xb, yb) / n
        loss.backward()
    return w.grad.clone()

batches = [(X[i:i + 2], y[i:i + 2]) for i in range(0, 8, 2)]
accumulated = accumulate(batches)
w.grad = None
full = loss_fn(X, y)
full.backward()
print("accumulated:", accumulated)
print("full batch :", w.grad)
print("largest difference:", (accumulated - w.grad).abs().max().item() < 1e-6)
