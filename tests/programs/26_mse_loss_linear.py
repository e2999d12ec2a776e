import torch
import torch.nn.functional as F

x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
y = torch.tensor([[2.0], [4.0], [6.0], [8.0]])

w = torch.tensor([[0.5]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)

pred = x @ w + b
loss = F.mse_loss(pred, y)
print(pred)
print(f"loss: {loss.item():.4f}")

loss.backward()
print(f"w.grad: {w.grad}")
print(f"b.grad: {b.grad}")
