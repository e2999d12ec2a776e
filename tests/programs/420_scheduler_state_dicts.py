import torch
from torch.optim.lr_scheduler import LambdaLR, LinearLR, OneCycleLR, ReduceLROnPlateau

# What each schedule keeps in its state_dict(), next to the optimizer's param groups it changes.
w = torch.tensor([2.0, -1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
plateau = ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=0)
for score in [1.0, 0.5, 0.25]:
    opt.zero_grad()
    (w**2).sum().backward()
    opt.step()
    plateau.step(score)
print(plateau.state_dict())
warm = LambdaLR(opt, lambda s: min(1.0, (s + 1) / 3))
linear = LinearLR(opt, start_factor=0.5, total_iters=2)
for _ in range(2):
    opt.step()
    warm.step()
    linear.step()
print(warm.state_dict())
print(linear.state_dict()["last_epoch"], linear.get_last_lr())
cycle = OneCycleLR(opt, max_lr=1.0, total_steps=3, anneal_strategy="linear")
opt.step()
cycle.step()
print(opt.state_dict()["param_groups"])
print(w)
