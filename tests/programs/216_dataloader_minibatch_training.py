import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

# Mini-batch training: a TensorDataset of (x, y) rows, shuffled into batches of 4 by a DataLoader every epoch.
torch.manual_seed(0)
x = torch.rand(18, 1) * 4 - 2
y = x ** 2 + 0.1 * torch.randn(18, 1)
dataset = TensorDataset(x, y)
loader = DataLoader(dataset, batch_size=4, shuffle=True)
print(len(dataset), len(loader))
print(dataset[3])

model = nn.Sequential(nn.Linear(1, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
loss_fn = nn.MSELoss()
for epoch in range(5):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    print(f"epoch {epoch}: mean loss {total / len(dataset):.4f}, last batch of {len(xb)}")

for i, (xb, yb) in enumerate(DataLoader(dataset, batch_size=5, drop_last=True)):
    print(i, xb.shape, yb[0])
first_x, first_y = list(DataLoader(dataset, batch_size=6, shuffle=True))[0]
print(first_x.squeeze(1))
