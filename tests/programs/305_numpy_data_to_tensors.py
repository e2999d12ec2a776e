import numpy as np
import torch

# Data made in NumPy, as many tutorials start, then trained on in torch.
np.random.seed(42)
x_np = np.linspace(-1, 1, 8, dtype=np.float32)
noise = np.random.randn(8).astype(np.float32) * 0.1
y_np = 3 * x_np + 0.5 + noise
print(x_np)
print(y_np.shape, y_np.dtype, round(float(y_np.mean()), 4))

x = torch.from_numpy(x_np)
y = torch.tensor(y_np)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(50):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.3 * w.grad
        b -= 0.3 * b.grad
    w.grad.zero_()
    b.grad.zero_()
print(loss)
print(w, b)
w_np = w.detach().numpy()
print(w_np, w_np.shape, w_np.dtype)
predictions = (w * x + b).detach().numpy()
print(predictions[:3])
residual = y_np - predictions
print(residual.T.shape, f"{(residual ** 2).mean():.4f}")
try:
    w.numpy()
except RuntimeError as e:
    print(e)
