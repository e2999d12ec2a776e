import torch
import torch.nn as nn

# A two-layer MLP written as an nn.Module, fitting y = 2x - 1 plus a bend, trained for 20 epochs with SGD.
torch.manual_seed(0)

class MLP(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.fc1 = nn.Linear(n_in, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        return self.fc2(h)

x = torch.linspace(-1, 1, 16).unsqueeze(1)
y = 2 * x - 1 + 0.5 * x ** 2

model = MLP(1, 8, 1)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(20):
    pred = model(x)
    loss = loss_fn(pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 5 == 0 or epoch == 19:
        print(f"epoch {epoch:2d}  loss {loss.item():.6f}")

w2 = model.fc2.weight
print("fc2.weight:", w2)
print("fc2.weight.grad:", w2.grad)
print("prediction at 0.5:", model(torch.tensor([[0.5]])))
