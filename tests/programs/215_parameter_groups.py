import torch
import torch.nn as nn

# Parameter groups: a smaller learning rate for the first layer, no weight decay on the biases.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1))
optimizer = torch.optim.SGD(
    [
        {"params": model[0].parameters(), "lr": 0.01},
        {"params": model[2].weight, "weight_decay": 0.1},
        {"params": [model[2].bias]},
    ],
    lr=0.1,
    momentum=0.5,
)
print(optimizer)
print([group["lr"] for group in optimizer.param_groups])
print([len(group["params"]) for group in optimizer.param_groups])

x = torch.randn(6, 3)
for step in range(3):
    optimizer.zero_grad()
    model(x).pow(2).mean().backward()
    optimizer.step()
for group in optimizer.param_groups:
    group["lr"] = group["lr"] * 0.5
print([group["lr"] for group in optimizer.param_groups])
optimizer.param_groups[1]["lr"] = 0.3
print(optimizer.param_groups[1]["lr"], optimizer.param_groups[1]["weight_decay"])
print(model[2].weight)

named = torch.optim.SGD(model.named_parameters(), lr=0.2)
print(named.param_groups[0]["param_names"])
