import copy

import torch
import torch.nn as nn

# Early stopping keeps a deep copy of the best model's weights and restores them at the end.
torch.manual_seed(0)
model = nn.Linear(3, 1)
x = torch.randn(20, 3)
y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.1 * torch.randn(20, 1)
x_val, y_val = x[15:], y[15:]
opt = torch.optim.SGD(model.parameters(), lr=0.3)
best_loss = float("inf")
best_state = None
for epoch in range(12):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x[:15]), y[:15])
    loss.backward()
    opt.step()
    with torch.no_grad():
        val = nn.functional.mse_loss(model(x_val), y_val).item()
    if val < best_loss:
        best_loss = val
        best_state = copy.deepcopy(model.state_dict())
        print(f"epoch {epoch}: new best {val:.4f}")
model.load_state_dict(best_state)
print(f"restored best {best_loss:.4f}")
snapshot = copy.deepcopy(model)
snapshot.weight.data.fill_(0.0)
print(model.weight)
print(snapshot.weight)
