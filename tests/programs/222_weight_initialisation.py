import math

import torch
import torch.nn as nn

# Initialising weights by hand with torch.nn.init: each call fills the tensor in place.
torch.manual_seed(0)
layer = nn.Linear(4, 3)
nn.init.zeros_(layer.bias)
print(layer.bias)
nn.init.constant_(layer.weight, 0.5)
print(layer.weight)
nn.init.ones_(layer.bias)
nn.init.normal_(layer.weight, mean=0.0, std=0.01)
print(layer.weight.std().item() < 0.05)
nn.init.uniform_(layer.weight, -0.1, 0.1)
print(layer.weight.abs().max().item() <= 0.1)
nn.init.xavier_uniform_(layer.weight)
bound = math.sqrt(6 / (4 + 3))
print(layer.weight.abs().max().item() <= bound, round(bound, 4))
nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
print(layer.weight)
nn.init.kaiming_normal_(layer.weight, mode="fan_out")
nn.init.xavier_normal_(layer.weight, gain=2.0)
print(layer.weight.grad, layer.weight.requires_grad, layer.weight.is_leaf)

model = nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 1))
for module in model.modules():
    if str(module).startswith("Linear"):
        nn.init.xavier_uniform_(module.weight, gain=5 / 3)
        nn.init.zeros_(module.bias)
print(model[0].weight)
print(model(torch.ones(2, 3)))
