import torch
import torch.nn as nn

# Layers kept in a ModuleList (a stack of blocks) and a ModuleDict (heads by name), used without a class.
torch.manual_seed(0)
blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
heads = nn.ModuleDict({"regress": nn.Linear(4, 1), "classify": nn.Linear(4, 3)})
print(blocks)
print(heads)
print(len(blocks), len(heads), list(heads.keys()))

x = torch.randn(2, 4)
h = x
for block in blocks:
    h = torch.relu(block(h)) + h
print(h)
print(heads["regress"](h), heads["classify"](h).shape)
for name, head in heads.items():
    print(name, head.out_features)
blocks.append(nn.Linear(4, 4))
print(len(blocks), blocks[-1])
total = sum(p.numel() for p in blocks.parameters()) + sum(p.numel() for p in heads.parameters())
print(total)
(heads["classify"](h).sum() + heads["regress"](h).sum()).backward()
print(blocks[0].weight.grad.shape, blocks[0].bias.grad)
