import torch
from torch.utils.data import Dataset

# A Dataset of the program's own, read straight by a for loop: Python asks dataset[0], dataset[1], ... one per
# pass until __getitem__ raises IndexError, and never asks its length.
class Squares(Dataset):
    def __init__(self, n):
        self.x = torch.arange(float(n)).unsqueeze(1)

    def __len__(self):
        print("asked the length")
        return len(self.x)

    def __getitem__(self, i):
        print("item", i)
        return self.x[i], self.x[i] ** 2

data = Squares(4)
w = torch.zeros(1, requires_grad=True)
total = torch.zeros(1)
for x, y in data:
    loss = ((w * x - y) ** 2).sum()
    loss.backward()
    total = total + loss.detach()
print("total", total)
print("grad", w.grad)
print("length", len(data))
