import torch

w = torch.tensor([2.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
losses = []
for i in range(4):
    optimizer.zero_grad()
    loss = (w * w).sum()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())

print(sum(losses) / len(losses))
print(max(losses), min(losses), losses[-1], losses[1:3])
for i in range(len(losses)):
    print(i, f"{losses[i]:.{3}f}")
