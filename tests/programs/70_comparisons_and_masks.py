import torch

x = torch.tensor([-1.5, 0.5, 2.0, -0.25], requires_grad=True)

mask = x > 0
print(mask)
print(x >= 0.5, x == 2.0)

positive = x[mask]
print(positive)

y = (positive ** 2).sum() + (x * mask).sum()
y.backward()
print(x.grad)
print(0 < y.item() < 100)
