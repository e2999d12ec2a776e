import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

# The evaluation loop: eval mode, no gradients, count correct predictions batch by batch.
torch.manual_seed(0)
x = torch.randn(30, 2)
y = (x[:, 0] * x[:, 1] > 0).long()
model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Dropout(0.1), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
train_loader = DataLoader(TensorDataset(x, y), batch_size=10, shuffle=True)

def evaluate(loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for xb, yb in loader:
            correct += (model(xb).argmax(dim=1) == yb).sum().item()
            total += len(yb)
    model.train()
    return correct / total

print("before", evaluate(DataLoader(TensorDataset(x, y), batch_size=7)))
for epoch in range(15):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        nn.CrossEntropyLoss()(model(xb), yb).backward()
        optimizer.step()
print("after", evaluate(DataLoader(TensorDataset(x, y), batch_size=7)))
print(model.training)
