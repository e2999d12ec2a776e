import torch

# Gradient descent on (w - 3)^2 until the step gets small, the way tutorials stop early.
w = torch.tensor(0.0, requires_grad=True)
lr = 0.2
steps = 0
change = 1.0
while change > 1e-3:
    loss = (w - 3) ** 2
    loss.backward()
    with torch.no_grad():
        update = lr * w.grad
        w -= update
    w.grad.zero_()
    change = update.abs().item()
    steps += 1
print(f"stopped after {steps} steps: w = {w.item():.4f}, loss = {loss.item():.6f}")
