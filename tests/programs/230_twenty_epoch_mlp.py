import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

# A complete 20-epoch run: data in mini-batches, an MLP, Adam, a StepLR schedule, and a log line per epoch.
torch.manual_seed(0)
x = torch.randn(48, 4)
true_w = torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
y = torch.tanh(x @ true_w) + 0.05 * torch.randn(48, 1)
loader = DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True)

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
loss_fn = nn.MSELoss()
history = []
for epoch in range(20):
    running = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item()
    scheduler.step()
    history.append(running / len(loader))
    print(f"epoch {epoch + 1:2d}  loss {history[-1]:.5f}  lr {scheduler.get_last_lr()[0]:.5f}")
print(history[-1] < history[0])
model.eval()
with torch.no_grad():
    print(loss_fn(model(x), y))
