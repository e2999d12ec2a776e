import torch
import torch.nn as nn

# Logistic regression as a one-layer module: sigmoid of a linear score, BCELoss, 20 epochs of SGD.
torch.manual_seed(0)

class LogisticRegression(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.linear = nn.Linear(n_features, 1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))

hours = torch.tensor([[0.5], [1.0], [1.5], [2.0], [2.5], [3.0], [3.5], [4.0]])
passed = torch.tensor([[0.0], [0.0], [0.0], [1.0], [0.0], [1.0], [1.0], [1.0]])

model = LogisticRegression(1)
criterion = nn.BCELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(20):
    y_pred = model(hours)
    loss = criterion(y_pred, passed)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if (epoch + 1) % 5 == 0:
        print(f"epoch {epoch + 1}, loss = {loss.item():.4f}")

with torch.no_grad():
    p = model(torch.tensor([[1.0], [3.0]]))
print("chance of passing after 1 and 3 hours:", p.flatten())
w = model.linear.weight
b = model.linear.bias
print(w, b)
print(w.grad, b.grad)
