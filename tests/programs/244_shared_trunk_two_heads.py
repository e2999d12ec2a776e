import torch
import torch.nn as nn

# Multi-task learning: one shared trunk, two heads, a weighted sum of their losses; the trunk gets both gradients.
torch.manual_seed(0)
trunk = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
size_head = nn.Linear(8, 1)
kind_head = nn.Linear(8, 3)
x = torch.randn(12, 4)
sizes = x.sum(dim=1, keepdim=True)
kinds = x.argmax(dim=1) % 3
modules = nn.ModuleList([trunk, size_head, kind_head])
optimizer = torch.optim.Adam(modules.parameters(), lr=0.02)
for step in range(30):
    features = trunk(x)
    size_loss = nn.functional.mse_loss(size_head(features), sizes)
    kind_loss = nn.functional.cross_entropy(kind_head(features), kinds)
    loss = size_loss + 0.5 * kind_loss
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 10 == 0:
        print(f"{step}: size {size_loss.item():.4f} kind {kind_loss.item():.4f}")
print(trunk[0].weight.grad.abs().sum() > 0, kind_head.weight.grad.shape)
print(len(list(modules.parameters())))
