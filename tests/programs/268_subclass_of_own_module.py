import torch
import torch.nn as nn

# A program's own module class, subclassed: the child adds a learnable scale and reuses the parent's forward.
torch.manual_seed(0)

class Affine(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.linear = nn.Linear(n, n)

    def forward(self, x):
        return self.linear(x)

    def describe(self):
        return f"{self.linear.in_features} -> {self.linear.out_features}"

class ScaledAffine(Affine):
    def __init__(self, n):
        super().__init__(n)
        self.scale = nn.Parameter(torch.tensor(2.0))

    def forward(self, x):
        return self.scale * super().forward(x)

base = Affine(2)
child = ScaledAffine(2)
print(child)
print(child.describe(), isinstance(child, Affine), isinstance(child, nn.Module))
print([name for name, _ in child.named_parameters()])
x = torch.tensor([[1.0, -1.0]])
out = child(x).sum()
out.backward()
print("out:", out)
print("scale grad:", child.scale.grad)
print("linear weight grad:", child.linear.weight.grad)
print("base output:", base(x))
