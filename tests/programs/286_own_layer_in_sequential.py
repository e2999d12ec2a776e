import torch
import torch.nn as nn

# A layer of the program's own (a learnable per-feature scale) placed inside nn.Sequential with built-in layers.
torch.manual_seed(0)

class Scale(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.gain = nn.Parameter(torch.ones(n))

    def forward(self, x):
        return x * self.gain

model = nn.Sequential(nn.Linear(2, 3), Scale(3), nn.ReLU(), nn.Linear(3, 1))
print(model)
for name, p in model.named_parameters():
    print(name, list(p.shape))
x = torch.tensor([[1.0, 2.0], [0.5, -1.0]])
loss = model(x).pow(2).sum()
loss.backward()
print(loss)
print("gain grad:", model[1].gain.grad)
print("state keys:", list(model.state_dict().keys()))
