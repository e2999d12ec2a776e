import math

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ExponentialLR

# Two smooth schedules: exponential decay, and a cosine from the initial rate down to eta_min.
w = torch.zeros(3, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.5)
decay = ExponentialLR(opt, gamma=0.8)
for epoch in range(5):
    opt.step()
    decay.step()
    print(f"exponential epoch {epoch}: {decay.get_last_lr()[0]:.5f}")

opt = torch.optim.Adam([w], lr=0.2)
cosine = CosineAnnealingLR(opt, T_max=6, eta_min=0.02)
lrs = []
for epoch in range(8):
    opt.step()
    cosine.step()
    lrs.append(cosine.get_last_lr()[0])
print([f"{lr:.4f}" for lr in lrs])
expected = 0.02 + (0.2 - 0.02) * (1 + math.cos(math.pi * 3 / 6)) / 2
print(round(lrs[2], 6), round(expected, 6))
