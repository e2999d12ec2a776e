import torch
import torch.nn.functional as F

xs = torch.linspace(0, 1, 6).unsqueeze(1)
ys = 3 * xs + 0.5

w = torch.rand(1, 1, requires_grad=True)
b = torch.rand(1, requires_grad=True)
optimizer = torch.optim.Adam([w, b], lr=0.2)

for i in range(6):
    optimizer.zero_grad()
    loss = F.mse_loss(xs @ w + b, ys)
    loss.backward()
    optimizer.step()
    print(f"{i}: {loss.item():.4f}", end="; ")

print()
print(f"w={w.item():.4f}, b={b.item():.4f}")
