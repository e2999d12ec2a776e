import torch
import torch.nn as nn

# An exponential moving average of a model's weights, updated in place after each optimizer step.
torch.manual_seed(0)
model = nn.Linear(2, 1)
average = nn.Linear(2, 1)
average.load_state_dict(model.state_dict())
average.requires_grad_(False)
optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
x = torch.randn(16, 2)
y = x @ torch.tensor([[1.0], [2.0]])
for step in range(20):
    optimizer.zero_grad()
    nn.MSELoss()(model(x), y).backward()
    optimizer.step()
    with torch.no_grad():
        for kept, current in zip(average.parameters(), model.parameters()):
            kept.mul_(0.9).add_(current, alpha=0.1)
print(model.weight.data, average.weight.data)
print(average.weight.requires_grad, average.weight.grad)
