import torch
import torch.nn as nn

# Watch SGD's momentum buffer fill up, then compare plain, Nesterov and weight-decayed momentum.
torch.manual_seed(0)
w = torch.tensor([1.0, -2.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1, momentum=0.9)
for step in range(3):
    optimizer.zero_grad()
    loss = (w ** 2).sum()
    loss.backward()
    optimizer.step()
    print(step, w.data, optimizer.state[w]["momentum_buffer"])

print(optimizer.state_dict()["param_groups"])
for options in [dict(momentum=0.9), dict(momentum=0.9, nesterov=True), dict(momentum=0.9, weight_decay=0.1), dict(momentum=0.5, dampening=0.5)]:
    layer = nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight.fill_(1.0)
        layer.bias.zero_()
    opt = torch.optim.SGD(layer.parameters(), lr=0.05, **options)
    x = torch.tensor([[1.0, 2.0], [3.0, -1.0]])
    for _ in range(5):
        opt.zero_grad()
        nn.MSELoss()(layer(x), torch.tensor([[1.0], [0.0]])).backward()
        opt.step()
    print(options, layer.weight.data, opt.state[layer.bias]["momentum_buffer"])
