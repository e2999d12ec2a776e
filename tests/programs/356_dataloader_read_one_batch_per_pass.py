import torch
from torch.utils.data import Dataset, DataLoader

# A Dataset subclass that says when it is asked its length or an item: a DataLoader reads one batch per pass of a
# for loop, enumerate, zip or a loop over iter(loader), and list(loader) asks the length once more, to size the list.
torch.manual_seed(0)

class Logged(Dataset):
    def __init__(self, n):
        self.x = torch.arange(float(n)).unsqueeze(1)
        self.asked = 0

    def __len__(self):
        self.asked += 1
        print("  len", self.asked)
        return len(self.x)

    def __getitem__(self, i):
        print("  item", i)
        return self.x[i], 2 * self.x[i]

data = Logged(5)
loader = DataLoader(data, batch_size=2)
w = torch.tensor(0.5, requires_grad=True)
for xb, yb in loader:
    loss = ((w * xb - yb) ** 2).mean()
    loss.backward()
    print("pass", xb.flatten().tolist(), round(loss.item(), 4))
for step, (xb, yb) in enumerate(loader, 1):
    print("step", step, len(xb))
for (xb, yb), name in zip(loader, ["a", "b"]):
    print("zipped", name, xb.flatten().tolist())
batches = list(loader)
print("list of", len(batches), "batches")
it = iter(loader)
first = next(it)
for xb, yb in it:
    print("rest", xb.flatten().tolist())
shuffled = DataLoader(data, batch_size=3, shuffle=True)
for xb, yb in shuffled:
    print("shuffled", xb.flatten().tolist())
print("len(loader)", len(loader), "asked", data.asked, "grad", w.grad)
