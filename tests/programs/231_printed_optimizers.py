import torch
import torch.nn as nn

# What an optimizer prints: each parameter group with its options.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
print(torch.optim.SGD(model.parameters(), lr=0.1))
print(torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4))
print(torch.optim.Adam(model.parameters()))
print(torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.95)))
print(torch.optim.RMSprop(model.parameters(), lr=0.01))
print(torch.optim.Adagrad(model.parameters(), lr=0.1))
groups = torch.optim.Adam([{"params": model[0].parameters()}, {"params": model[1].parameters(), "lr": 1e-2}], lr=1e-3)
print(groups)
print(groups.state_dict())
