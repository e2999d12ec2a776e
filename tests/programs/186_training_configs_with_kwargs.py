import torch

# One training function, several configurations: defaults merged with overrides.
defaults = {"lr": 0.1, "epochs": 20, "momentum": 0.0}

def train(x, y, **overrides):
    config = {**defaults, **overrides}
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=config["lr"], momentum=config["momentum"])
    for _ in range(config["epochs"]):
        opt.zero_grad()
        loss = ((w * x - y) ** 2).mean()
        loss.backward()
        opt.step()
    return loss.item(), w.item()

x = torch.tensor([1.0, 2.0, 3.0])
y = torch.tensor([2.0, 4.1, 5.9])
runs = [{}, {"lr": 0.01}, {"lr": 0.01, "momentum": 0.9}, {"epochs": 5}]
results = {}
for overrides in runs:
    name = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "defaults"
    results[name] = train(x, y, **overrides)
print("config".ljust(22), "loss".rjust(9), "w".rjust(7))
for name, (loss, w) in sorted(results.items(), key=lambda kv: kv[1][0]):
    print(name.ljust(22), f"{loss:9.5f}", f"{w:7.4f}")
