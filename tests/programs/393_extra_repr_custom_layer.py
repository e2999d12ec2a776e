import torch
import torch.nn as nn

# A custom layer that describes itself in print(model) through extra_repr.
torch.manual_seed(0)


class Scale(nn.Module):
    def __init__(self, features, init=1.0):
        super().__init__()
        self.features = features
        self.weight = nn.Parameter(torch.full((features,), init))

    def forward(self, x):
        return x * self.weight

    def extra_repr(self):
        return f"features={self.features}, init={self.weight[0].item():.1f}"


model = nn.Sequential(nn.Linear(3, 3), Scale(3, init=0.5), nn.ReLU())
print(model)
out = model(torch.randn(2, 3)).sum()
out.backward()
print(model[1].weight.grad)
