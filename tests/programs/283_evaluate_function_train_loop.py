import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

# The tutorial loop in two functions, train_one_epoch and evaluate, over a Dataset subclass split in two.
torch.manual_seed(0)

class Points(Dataset):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __len__(self):
        return self.x.shape[0]

    def __getitem__(self, i):
        return self.x[i], self.y[i]

def train_one_epoch(model, loader, loss_fn, opt):
    model.train()
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    return loss.item()

def evaluate(model, loader, loss_fn):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for xb, yb in loader:
            total += loss_fn(model(xb), yb).item() * len(xb)
            count += len(xb)
    return total / count

x = torch.randn(24, 2)
y = (x[:, :1] - 2 * x[:, 1:]) + 0.1
train_data = Points(x[:16], y[:16])
test_data = Points(x[16:], y[16:])
model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for epoch in range(5):
    last = train_one_epoch(model, DataLoader(train_data, batch_size=8), loss_fn, opt)
    score = evaluate(model, DataLoader(test_data, batch_size=8), loss_fn)
    print(f"epoch {epoch}: last batch {last:.4f}, test {score:.4f}, training={model.training}")
print(model.weight, model.bias)
