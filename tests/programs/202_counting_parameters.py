import torch
import torch.nn as nn

# How many numbers does a model learn? Walk its parameters the ways tutorials do.
torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(10, 32),
    nn.ReLU(),
    nn.Linear(32, 16),
    nn.ReLU(),
    nn.Linear(16, 3),
)
params = list(model.parameters())
print(len(params), "tensors of parameters")
for name, p in model.named_parameters():
    print(f"{name:10s} {str(tuple(p.shape)):10s} {p.numel():5d} requires_grad={p.requires_grad}")
total = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print("total", total, "trainable", trainable)
print([name for name, _ in model.named_children()])
print(len(list(model.modules())), len(list(model.children())))
for name, module in model.named_modules():
    if name:
        print(name, module)
