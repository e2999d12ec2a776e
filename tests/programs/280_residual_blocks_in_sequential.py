import torch
import torch.nn as nn

# A residual block, x + f(x), written once and stacked three times in an nn.Sequential.
torch.manual_seed(0)

class Residual(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc = nn.Linear(width, width)

    def forward(self, x):
        return x + torch.relu(self.fc(x))

model = nn.Sequential(Residual(4), Residual(4), Residual(4), nn.Linear(4, 1))
print(model)
x = torch.randn(3, 4)
y = torch.tensor([[1.0], [0.0], [-1.0]])
opt = torch.optim.SGD(model.parameters(), lr=0.05)
for step in range(20):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
print("loss after 20 steps:", round(loss.item(), 5))
print("first block's bias grad:", model[0].fc.bias.grad)
print(model(x).detach().flatten())
