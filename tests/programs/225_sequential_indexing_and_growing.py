import torch
import torch.nn as nn

# A Sequential is a list of layers: index it, slice it, loop over it, and grow it.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
model.append(nn.Linear(3, 1))
print(model)
print(len(model), model[0], model[-1])
print(model[:2])
x = torch.tensor([[1.0, -1.0]])
features = model[:2](x)
print(features, model[2](features), model(x))
model.insert(2, nn.Dropout(0.0))
model.extend([nn.Sigmoid()])
print(model)
for index, layer in enumerate(model):
    print(index, layer)
print(model(x))
print([name for name, _ in model.named_children()])
print(model.float() is model, model[0].weight.dtype)
