import torch
import torch.nn as nn

# model.apply(init_weights): a function visits every submodule and sets the Linear layers' weights by hand.
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.1)
        nn.init.zeros_(m.bias)
        print("initialised", m)

model = Net()
model.apply(init_weights)
print(model.fc1.weight)
out = model(torch.tensor([[1.0, 2.0, 3.0]]))
out.backward()
print(out, model.fc1.weight.grad)
