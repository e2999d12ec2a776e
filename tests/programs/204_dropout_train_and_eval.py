import torch
import torch.nn as nn

# Dropout zeroes activations at random while training, and scales the rest; in eval mode it does nothing.
torch.manual_seed(0)
drop = nn.Dropout(p=0.5)
x = torch.ones(2, 8)
print(drop.training)
print(drop(x))
print(drop(x))
drop.eval()
print(drop.training, drop(x))
drop.train()
y = drop(x)
print(y.sum() / y.numel())

model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Dropout(0.3), nn.Linear(4, 1))
inputs = torch.randn(3, 4)
model.train()
a = model(inputs)
b = model(inputs)
print(torch.equal(a, b))
model.eval()
print(torch.equal(model(inputs), model(inputs)), model.training, model[2].training)
