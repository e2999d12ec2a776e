import torch
import torch.nn as nn

# Gradient clipping by hooks: each parameter gets a lambda that clamps its gradient; the handles remove them.
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 3)
        self.fc2 = nn.Linear(3, 1)

    def forward(self, x):
        return self.fc2(torch.sigmoid(self.fc1(x)))

model = Net()
handles = []
for p in model.parameters():
    handles.append(p.register_hook(lambda grad: grad.clamp(-0.05, 0.05)))

x = torch.tensor([[3.0, -2.0], [1.0, 4.0]])
y = torch.tensor([[10.0], [-10.0]])
loss = ((model(x) - y) ** 2).mean()
loss.backward()
print("clipped:", model.fc2.weight.grad)
print("clipped bias:", model.fc1.bias.grad)

for h in handles:
    h.remove()
model.zero_grad()
loss = ((model(x) - y) ** 2).mean()
loss.backward()
print("unclipped:", model.fc2.weight.grad)
print(len(handles), "hooks removed")
