import torch
from torch.utils.data import Dataset, TensorDataset, random_split

# A Dataset of the program's own, read through enumerate(), zip(), list(), iter() and a random_split part:
# Python reads dataset[0], dataset[1], ... one per pass until __getitem__ raises IndexError; only list() and
# tuple() ask its length first.
class Line(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(0.0, 1.0, n).unsqueeze(1)
        self.y = 3 * self.x + 1

    def __len__(self):
        print("asked the length")
        return len(self.x)

    def __getitem__(self, i):
        print("item", i)
        return self.x[i], self.y[i]

torch.manual_seed(0)
data = Line(4)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)

for step, (x, y) in enumerate(data, 1):
    loss = ((w * x + b - y) ** 2).sum()
    loss.backward()
    print("step", step, "loss", loss.item())

for (x, y), scale in zip(data, [1.0, 0.5]):
    print("scaled", scale * x)

samples = list(data)
print("read", len(samples), "samples")

it = iter(data)
first = next(it)
print("first", first)
for x, y in it:
    print("rest", x.item())

train, test = random_split(data, [3, 1])
for x, y in train:
    loss = ((w * x + b - y) ** 2).sum()
    loss.backward()
print("w.grad", w.grad)
print("b.grad", b.grad)

pairs = TensorDataset(torch.ones(2, 1), torch.zeros(2, 1))
print(next(iter(pairs)))
