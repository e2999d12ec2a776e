import torch
import torch.nn.functional as F

x = torch.linspace(-1, 1, 8).unsqueeze(1)
y = 2 * x - 1

w = torch.zeros(1, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.1)

for i in range(200):
    optimizer.zero_grad()
    loss = F.mse_loss(x @ w + b, y)
    loss.backward()
    optimizer.step()
    if i % 50 == 0 or i == 199:
        print(f"{i:3d} loss={loss.item():.8f}")

print(w.item(), b.item())
