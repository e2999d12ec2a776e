import torch
from torch.utils.data import Dataset

# Stochastic gradient descent one sample at a time, reading a Dataset subclass by index.
class Celsius(Dataset):
    def __init__(self):
        self.celsius = torch.tensor([-10.0, 0.0, 8.0, 15.0, 22.0, 38.0])

    def __len__(self):
        return len(self.celsius)

    def __getitem__(self, i):
        c = self.celsius[i]
        return c / 10, (c * 1.8 + 32) / 10

data = Celsius()
print(len(data), data[2])
w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
for epoch in range(30):
    for i in range(len(data)):
        x, y = data[i]
        loss = (w * x + b - y) ** 2
        loss.backward()
        with torch.no_grad():
            w -= 0.05 * w.grad
            b -= 0.05 * b.grad
        w.grad = None
        b.grad = None
print(f"w {w.item():.4f} (1.8)  b {b.item() * 10:.4f} (32)")
print("last loss", loss)
