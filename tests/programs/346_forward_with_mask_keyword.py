import torch
import torch.nn as nn

# A forward with a second, optional input: a mask that zeroes padded positions before averaging.
torch.manual_seed(0)

class MaskedAverage(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, 1)

    def forward(self, x, mask=None):
        scores = self.proj(x).squeeze(-1)
        if mask is not None:
            scores = scores * mask
            return scores.sum(dim=1) / mask.sum(dim=1)
        return scores.mean(dim=1)

model = MaskedAverage(2)
x = torch.randn(2, 3, 2)
mask = torch.tensor([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
plain = model(x)
masked = model(x, mask=mask)
print(plain)
print(masked)
masked.sum().backward()
print(model.proj.weight.grad, model.proj.bias.grad)
