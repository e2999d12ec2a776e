import torch
import torch.nn as nn

# Logistic regression twice: Sigmoid + BCELoss, and the stabler BCEWithLogitsLoss on raw scores.
torch.manual_seed(0)
x = torch.randn(20, 2)
y = ((x[:, 0] - x[:, 1]) > 0).float().unsqueeze(1)

linear = nn.Linear(2, 1)
start = linear.state_dict()
probability_model = nn.Sequential(linear, nn.Sigmoid())
loss_a = nn.BCELoss()(probability_model(x), y)
loss_b = nn.BCEWithLogitsLoss()(linear(x), y)
print(loss_a, loss_b)
print(torch.allclose(loss_a, loss_b))

optimizer = torch.optim.SGD(linear.parameters(), lr=0.5)
criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))
for step in range(30):
    optimizer.zero_grad()
    loss = criterion(linear(x), y)
    loss.backward()
    optimizer.step()
print(loss.item() < loss_b.item(), linear.weight, linear.bias)
predictions = (torch.sigmoid(linear(x)) > 0.5).float()
print((predictions == y).float().mean())
