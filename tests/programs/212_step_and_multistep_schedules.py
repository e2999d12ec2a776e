import torch
import torch.nn as nn

# StepLR halves the learning rate every few epochs; MultiStepLR at chosen milestones.
model = nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)
x = torch.ones(4, 2)
for epoch in range(8):
    optimizer.zero_grad()
    model(x).sum().backward()
    optimizer.step()
    print(epoch, scheduler.get_last_lr(), optimizer.param_groups[0]["lr"])
    scheduler.step()
print(scheduler.last_epoch)

opt2 = torch.optim.SGD(model.parameters(), lr=1.0)
milestones = torch.optim.lr_scheduler.MultiStepLR(opt2, milestones=[2, 5], gamma=0.1)
rates = []
for epoch in range(7):
    opt2.step()
    milestones.step()
    rates.append(round(milestones.get_last_lr()[0], 6))
print(rates)
