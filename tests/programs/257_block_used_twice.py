import torch
import torch.nn as nn

# A Block module written once and used twice inside a bigger model: two sets of weights, one definition.
torch.manual_seed(0)

class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.linear = nn.Linear(width, width)
        self.act = nn.Tanh()

    def forward(self, x):
        return self.act(self.linear(x))

class Net(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.block1 = Block(width)
        self.block2 = Block(width)
        self.head = nn.Linear(width, 1)

    def forward(self, x):
        return self.head(self.block2(self.block1(x)))

model = Net(3)
print(model)
print([name for name, _ in model.named_parameters()])
x = torch.randn(5, 3)
target = torch.ones(5, 1)
loss = nn.functional.mse_loss(model(x), target)
loss.backward()
print("loss:", loss)
print("block1 grad:", model.block1.linear.weight.grad)
print("block2 grad:", model.block2.linear.weight.grad)
print("same weights?", torch.equal(model.block1.linear.weight, model.block2.linear.weight))
