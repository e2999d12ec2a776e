import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, OneCycleLR, SequentialLR

# Warm-up then cosine decay with SequentialLR, and a one-cycle schedule, printed step by step.
w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
warmup = LinearLR(opt, start_factor=0.25, total_iters=3)
cosine = CosineAnnealingLR(opt, T_max=5)
sched = SequentialLR(opt, schedulers=[warmup, cosine], milestones=[3])
lrs = []
for step in range(8):
    opt.zero_grad()
    loss = ((w - 1) ** 2).sum()
    loss.backward()
    opt.step()
    lrs.append(round(sched.get_last_lr()[0], 5))
    sched.step()
print(lrs)

v = torch.zeros(2, requires_grad=True)
opt2 = torch.optim.SGD([v], lr=0.01, momentum=0.9)
one = OneCycleLR(opt2, max_lr=0.5, total_steps=6)
for step in range(6):
    opt2.zero_grad()
    ((v - 1) ** 2).sum().backward()
    opt2.step()
    print(f"{step}: lr={opt2.param_groups[0]['lr']:.4f} momentum={opt2.param_groups[0]['momentum']:.4f}")
    if step < 5:
        one.step()
print(w, v)
