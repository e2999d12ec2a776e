import torch

losses = []
w = torch.tensor([1.0, -1.0], requires_grad=True)
for step in range(3):
    loss = (w ** 2).sum() * (step + 1)
    losses.append(loss.item())

for i, value in enumerate(losses):
    print(i, value)
for before, after in zip(losses, losses[1:]):
    print(f"change: {after - before:+.2f}")
