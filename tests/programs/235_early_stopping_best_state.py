import torch
import torch.nn as nn

# Early stopping: remember the weights of the best validation loss, stop when it stops improving, restore them.
torch.manual_seed(0)
x_train, x_val = torch.randn(40, 2), torch.randn(10, 2)
y_train = (x_train[:, :1] * 2 - x_train[:, 1:]) + 0.3 * torch.randn(40, 1)
y_val = x_val[:, :1] * 2 - x_val[:, 1:]
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()

best_loss, best_state, patience, waited = float("inf"), None, 3, 0
for epoch in range(100):
    model.train()
    optimizer.zero_grad()
    loss_fn(model(x_train), y_train).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = loss_fn(model(x_val), y_val).item()
    if val_loss < best_loss - 1e-4:
        best_loss, waited = val_loss, 0
        best_state = {name: value.clone() for name, value in model.state_dict().items()}
    else:
        waited += 1
        if waited >= patience:
            print(f"stopping at epoch {epoch}, best {best_loss:.4f}")
            break
model.load_state_dict(best_state)
with torch.no_grad():
    print(round(loss_fn(model(x_val), y_val).item(), 4) == round(best_loss, 4))
