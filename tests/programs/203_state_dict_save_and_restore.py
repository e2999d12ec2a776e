import torch
import torch.nn as nn

# Keep a copy of the weights, damage them, then restore them with load_state_dict.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
saved = model.state_dict()
print(list(saved.keys()))
print(saved["0.bias"])
backup = {name: value.clone() for name, value in saved.items()}

with torch.no_grad():
    model[0].bias.fill_(5.0)
print(model[0].bias)
print(saved["0.bias"])  # the state_dict shares storage with the model

result = model.load_state_dict(backup)
print(result)
print(model[0].bias)
print(model[2].weight.requires_grad, model[2].weight.grad)
for name, tensor in model.state_dict().items():
    print(name, tensor.shape, tensor.requires_grad)
