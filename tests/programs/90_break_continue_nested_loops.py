import torch

w = torch.tensor([4.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.3)

for epoch in range(10):
    optimizer.zero_grad()
    loss = (w ** 2).sum()
    if loss < 0.5:
        print(f"stopping at epoch {epoch}, loss {loss.item():.4f}")
        break
    loss.backward()
    optimizer.step()

for i in range(3):
    for j in range(3):
        if i == j:
            continue
        print(i, j, end="; ")
print()
print(w)
