import torch
from torch import nn

# Walking a model's parameters by name: shapes, sizes, and the total a tutorial prints before training.
torch.manual_seed(0)

class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(5, 8)
        self.act = nn.ReLU()
        self.head = nn.Linear(8, 2, bias=False)

    def forward(self, x):
        return self.head(self.act(self.embed(x)))

model = TinyNet()
for name, param in model.named_parameters():
    print(f"{name:14s} {str(tuple(param.shape)):8s} numel={param.numel():3d} requires_grad={param.requires_grad}")

total = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print("total:", total, "trainable:", trainable)

x = torch.randn(3, 5)
out = model(x).pow(2).sum()
out.backward()
for name, param in model.named_parameters():
    print(name, "grad norm", round(param.grad.norm().item(), 5))
