import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

# Gradient accumulation: add up the gradients of two small batches, then take one optimizer step.
torch.manual_seed(0)
data = TensorDataset(torch.randn(16, 3), torch.randn(16, 1))
loader = DataLoader(data, batch_size=4)
model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
accumulate = 2
optimizer.zero_grad()
for i, (xb, yb) in enumerate(loader):
    loss = nn.functional.mse_loss(model(xb), yb) / accumulate
    loss.backward()
    print(i, model.bias.grad)
    if (i + 1) % accumulate == 0:
        optimizer.step()
        optimizer.zero_grad()
        print("  step:", model.bias.data)

