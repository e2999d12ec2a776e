import torch
import torch.nn as nn

# Early stopping by hand: the best weights so far are kept as a cloned state_dict and loaded back at the end.
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def forward(self, x):
        return self.fc(x)

x_train, x_val = torch.randn(10, 2), torch.randn(5, 2)
w_true = torch.tensor([[1.0], [-1.0]])
y_train, y_val = x_train @ w_true, x_val @ w_true + 0.3

model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.3)
best_loss, best_state, best_epoch = float("inf"), None, -1
for epoch in range(12):
    opt.zero_grad()
    loss = ((model(x_train) - y_train) ** 2).mean()
    loss.backward()
    opt.step()
    with torch.no_grad():
        val_loss = ((model(x_val) - y_val) ** 2).mean().item()
    if val_loss < best_loss:
        best_loss, best_epoch = val_loss, epoch
        best_state = {k: v.clone() for k, v in model.state_dict().items()}
print("best epoch", best_epoch, "val loss", round(best_loss, 5))
print("final weight:", model.fc.weight.data)
model.load_state_dict(best_state)
print("restored weight:", model.fc.weight.data)
print("restored bias:", model.fc.bias)
