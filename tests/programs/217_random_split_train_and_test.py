import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split

# Hold out a test set with random_split, train on the rest, and evaluate without gradients.
torch.manual_seed(0)
features = torch.randn(40, 3)
weights = torch.tensor([[1.5], [-2.0], [0.5]])
targets = features @ weights + 0.3
data = TensorDataset(features, targets)
train_set, test_set = random_split(data, [30, 10])
print(len(train_set), len(test_set))
print(test_set.indices)

model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
train_loader = DataLoader(train_set, batch_size=10, shuffle=True)
test_loader = DataLoader(test_set, batch_size=5)
for epoch in range(10):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        test_loss = sum(loss_fn(model(xb), yb).item() for xb, yb in test_loader) / len(test_loader)
    if epoch % 3 == 0:
        print(f"epoch {epoch} test loss {test_loss:.5f}")
print(model.weight.data, model.bias.data)
parts = random_split(data, [0.5, 0.25, 0.25])
print([len(p) for p in parts])
