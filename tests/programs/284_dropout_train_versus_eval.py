import torch
import torch.nn as nn

# Dropout inside a module: random zeros in training mode (seeded), the identity after model.eval().
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.drop = nn.Dropout(p=0.5)

    def forward(self, x):
        return self.drop(torch.relu(self.fc(x)))

model = Net()
print(model)
x = torch.ones(2, 4)
train_out = model(x)
print("train mode:", train_out)
train_out.sum().backward()
print("grad through the kept units:", model.fc.bias.grad)

model.eval()
eval_out = model(x)
print("eval mode:", eval_out)
print("no randomness in eval:", torch.equal(eval_out, model(x)))
