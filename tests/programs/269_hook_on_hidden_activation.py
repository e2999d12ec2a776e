import torch
import torch.nn as nn

# A hook registered inside forward reports the gradient that reaches the hidden layer during backward.
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 1)
        self.watch = False

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        if self.watch:
            h.register_hook(self.report)
        return self.fc2(h)

    def report(self, grad):
        print("grad at hidden layer:", grad)

model = Net()
x = torch.randn(2, 3)
loss = model(x).pow(2).mean()
loss.backward()
print("no hook:", model.fc1.bias.grad)

model.zero_grad()
model.watch = True
loss = model(x).pow(2).mean()
loss.backward()
print("with hook:", model.fc1.bias.grad)
