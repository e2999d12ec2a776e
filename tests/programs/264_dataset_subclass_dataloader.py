import torch
from torch.utils.data import Dataset, DataLoader

# A Dataset subclass that makes (x, y) pairs of a line, fed to a DataLoader in batches of 4.
class LineDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(0, 1, n).unsqueeze(1)
        self.y = 3 * self.x + 1

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

data = LineDataset(10)
print("length:", len(data))
print("item 3:", data[3])
loader = DataLoader(data, batch_size=4)

w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.3)
for epoch in range(15):
    total = 0.0
    for xb, yb in loader:
        loss = ((xb * w + b - yb) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1}: mean loss {total / len(data):.5f}")
print("last batch shape:", xb.shape, yb.shape)
print("w", w, "b", b)
