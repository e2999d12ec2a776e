import torch
from torch.utils.data import Dataset, DataLoader

# A Dataset subclass that returns (index, square) pairs, read by a shuffling DataLoader: the order is seeded.
torch.manual_seed(0)

class Squares(Dataset):
    def __init__(self, n, scale=1.0):
        self.n = n
        self.scale = scale

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        x = torch.tensor([float(i)])
        return x, self.scale * x ** 2

data = Squares(6, scale=0.5)
print(len(data), data[4])
loader = DataLoader(data, batch_size=4, shuffle=True)
for epoch in range(2):
    for xb, yb in loader:
        print(epoch, xb.flatten().tolist(), yb.flatten().tolist())

loader = DataLoader(data, batch_size=3, shuffle=False)
a = torch.tensor(0.1, requires_grad=True)
for xb, yb in loader:
    loss = ((a * xb ** 2 - yb) ** 2).mean()
    loss.backward()
print("accumulated grad over both batches:", a.grad)
