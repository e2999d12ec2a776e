import torch
import torch.nn as nn

# Adam keeps two running averages per parameter (exp_avg, exp_avg_sq) and a step count; AdamW decays weights apart.
torch.manual_seed(0)
layer = nn.Linear(3, 1)
optimizer = torch.optim.Adam(layer.parameters(), lr=0.01, betas=(0.8, 0.99))
x = torch.randn(5, 3)
y = torch.randn(5, 1)
print(optimizer.state)
for step in range(2):
    optimizer.zero_grad()
    loss = ((layer(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
state = optimizer.state[layer.weight]
print(sorted(state.keys()))
print(state["step"], state["exp_avg"], state["exp_avg_sq"])
print(optimizer.state[layer.bias])
print(optimizer.param_groups[0]["betas"], optimizer.defaults["lr"])

for name in ["Adam", "AdamW"]:
    torch.manual_seed(1)
    model = nn.Linear(3, 1)
    opt = torch.optim.Adam(model.parameters(), lr=0.1, weight_decay=0.1) if name == "Adam" else torch.optim.AdamW(model.parameters(), lr=0.1, weight_decay=0.1)
    for _ in range(10):
        opt.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        opt.step()
    print(name, model.weight.data, model.bias.data)
print(torch.optim.AdamW(layer.parameters(), lr=0.001, amsgrad=True))
