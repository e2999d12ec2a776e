import torch
import torch.nn as nn

# Forward hooks on each layer collect the activations of one pass, as feature-extraction tutorials do.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
activations = {}


def save_output(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()

    return hook


handles = []
for name, layer in model.named_children():
    handles.append(layer.register_forward_hook(save_output(name)))

x = torch.randn(2, 4)
out = model(x)
for name, act in activations.items():
    print(name, tuple(act.shape), f"mean={act.mean().item():.4f}")

for h in handles:
    h.remove()
activations.clear()
model(x)
print("after remove:", len(activations), "activations")
out.sum().backward()
print(model[0].weight.grad)
