import torch
import torch.nn as nn

# SGD's weight_decay is an L2 penalty added to the gradient: the same step as adding (wd / 2) * ||w||^2 to the loss.
torch.manual_seed(0)
x = torch.randn(8, 3)
y = torch.randn(8, 1)
first = nn.Linear(3, 1)
second = nn.Linear(3, 1)
second.load_state_dict(first.state_dict())
decayed = torch.optim.SGD(first.parameters(), lr=0.1, weight_decay=0.2)
plain = torch.optim.SGD(second.parameters(), lr=0.1)
for step in range(5):
    decayed.zero_grad()
    nn.MSELoss()(first(x), y).backward()
    decayed.step()
    plain.zero_grad()
    penalty = sum((p ** 2).sum() for p in second.parameters())
    (nn.MSELoss()(second(x), y) + 0.1 * penalty).backward()
    plain.step()
print(first.weight.data)
print(second.weight.data)
print(torch.allclose(first.weight, second.weight), torch.allclose(first.bias, second.bias))
