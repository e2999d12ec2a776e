import torch

# Linear regression trained for 3,000 iterations, as the tutorials do.
torch.manual_seed(0)
x = torch.linspace(-1, 1, 20).unsqueeze(1)
y = 3 * x + 0.5 + 0.1 * torch.randn(20, 1)

w = torch.zeros(1, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.05)
losses = []
for epoch in range(3000):
    optimizer.zero_grad()
    pred = x @ w + b
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    if epoch % 500 == 0:
        losses.append(round(loss.item(), 5))
        print(f"epoch {epoch:4d}  loss {loss.item():.6f}")
print(f"w = {w.item():.4f}, b = {b.item():.4f}")
print(losses)
