import torch
import torch.nn as nn

# Fine-tuning: freeze the first layer with requires_grad_(False), train only what still needs gradients.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
model[0].requires_grad_(False)
print([p.requires_grad for p in model.parameters()])
trainable = [p for p in model.parameters() if p.requires_grad]
print(len(trainable))
optimizer = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
print(len(optimizer.param_groups[0]["params"]))
frozen_before = model[0].weight.clone()
x = torch.randn(5, 3)
y = torch.randn(5, 1)
for _ in range(3):
    optimizer.zero_grad()
    loss = nn.MSELoss()(model(x), y)
    loss.backward()
    optimizer.step()
print(model[0].weight.grad, model[2].weight.grad is None)
print(torch.equal(model[0].weight, frozen_before))
model.requires_grad_()
print(all(p.requires_grad for p in model.parameters()))
model.zero_grad()
print(model[2].weight.grad)
