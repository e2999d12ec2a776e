import torch

# Four optimizers race down the same bowl-shaped loss from the same start.
def bowl(p):
    return (p[0] ** 2) * 10 + (p[1] - 1) ** 2

for name in ["SGD", "RMSprop", "Adagrad", "Adam"]:
    p = torch.tensor([1.0, -1.0], requires_grad=True)
    if name == "SGD":
        opt = torch.optim.SGD([p], lr=0.04)
    elif name == "RMSprop":
        opt = torch.optim.RMSprop([p], lr=0.05, alpha=0.9)
    elif name == "Adagrad":
        opt = torch.optim.Adagrad([p], lr=0.5)
    else:
        opt = torch.optim.Adam([p], lr=0.1)
    for step in range(25):
        opt.zero_grad()
        loss = bowl(p)
        loss.backward()
        opt.step()
    print(f"{name:8s} p={p.data} loss={bowl(p).item():.5f}")
    print(sorted(opt.state[p].keys()))

p = torch.tensor([2.0], requires_grad=True)
opt = torch.optim.RMSprop([p], lr=0.01, momentum=0.9, centered=True)
for _ in range(3):
    opt.zero_grad()
    (p ** 2).sum().backward()
    opt.step()
print(opt.state[p]["square_avg"], opt.state[p]["grad_avg"], opt.state[p]["momentum_buffer"])
print(opt)
