import torch
import torch.nn.functional as F

x = torch.tensor([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0], [0.0, 1.0]])
y = torch.tensor([5.0, 4.0, 9.0, 2.0])

w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.05)

for step in range(5):
    pred = x @ w + b
    loss = F.mse_loss(pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step}: loss={loss.item():.6f}")

print(w)
print(b)
