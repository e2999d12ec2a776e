import torch
import torch.nn as nn

# Gradients accumulate over two backward calls until model.zero_grad() clears them (to None, by default).
torch.manual_seed(0)

class Line(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.tensor([1.0, 2.0]))
        self.b = nn.Parameter(torch.tensor(0.5))

    def forward(self, x):
        return (x * self.w).sum() + self.b

model = Line()
print("before any backward:", model.w.grad)
model(torch.tensor([1.0, 1.0])).backward()
print("after one:", model.w.grad, model.b.grad)
model(torch.tensor([2.0, -1.0])).backward()
print("after two:", model.w.grad, model.b.grad)
model.zero_grad()
print("after zero_grad:", model.w.grad, model.b.grad)
model(torch.tensor([3.0, 0.0])).backward()
print("fresh:", model.w.grad, model.b.grad)
g = model.w.grad
print(g)
