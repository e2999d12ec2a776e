import torch
import torch.nn as nn
from collections import OrderedDict

# Naming the layers of a Sequential with an OrderedDict, then adding one more with add_module.
torch.manual_seed(0)
model = nn.Sequential(
    OrderedDict(
        [
            ("fc1", nn.Linear(2, 4)),
            ("act", nn.Tanh()),
            ("fc2", nn.Linear(4, 1)),
        ]
    )
)
model.add_module("out", nn.Sigmoid())
print(model)
print(model.fc1.weight.shape, model[2].bias.shape)

x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
opt = torch.optim.Adam(model.parameters(), lr=0.1)
loss_fn = nn.BCELoss()
for epoch in range(60):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch:3d} loss {loss.item():.4f}")
print((model(x) > 0.5).int().flatten().tolist())
