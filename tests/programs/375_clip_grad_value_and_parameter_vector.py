import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_value_, parameters_to_vector, vector_to_parameters

# Clip each gradient to a range, then look at all parameters as one flat vector.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
x = torch.randn(5, 3) * 10
loss = model(x).pow(2).mean()
loss.backward()
before = max(p.grad.abs().max().item() for p in model.parameters())
clip_grad_value_(model.parameters(), clip_value=0.1)
after = max(p.grad.abs().max().item() for p in model.parameters())
print(f"largest gradient {before:.4f} -> {after:.4f}")
flat = parameters_to_vector(model.parameters())
print(flat.shape, flat.requires_grad)
vector_to_parameters(torch.zeros_like(flat), model.parameters())
print(model[0].weight)
print(model(x).flatten())
