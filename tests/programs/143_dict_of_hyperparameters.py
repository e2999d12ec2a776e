import torch

config = {"lr": 0.05, "epochs": 3, "momentum": 0.0}
config["lr"] = 0.1
config.update(epochs=2)
print(config, len(config), "lr" in config, config.get("decay", 0.0))

w = torch.tensor([1.0, 2.0], requires_grad=True)
history = {"loss": [], "grad_norm": []}
for epoch in range(config["epochs"]):
    loss = (w ** 2).sum()
    loss.backward()
    history["loss"].append(round(loss.item(), 4))
    history["grad_norm"].append(round(w.grad.norm().item(), 4))
    with torch.no_grad():
        w -= config["lr"] * w.grad
    w.grad.zero_()
for key, values in history.items():
    print(key, values)
print(list(history.keys()), sorted(config.items()))
best = min(history["loss"])
print(f"best loss {best}", history["loss"].index(best))
