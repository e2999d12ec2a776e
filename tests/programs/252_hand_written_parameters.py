import torch
import torch.nn as nn

# A linear model whose weights are nn.Parameter tensors written by hand, updated by hand under no_grad.
torch.manual_seed(0)

class Linear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) * 0.1)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias

true_w = torch.tensor([[1.0], [-2.0], [0.5]])
x = torch.randn(12, 3)
y = x @ true_w + 0.3

model = Linear(3, 1)
print("weight is a leaf:", model.weight.is_leaf, model.weight.requires_grad)
lr = 0.2
for step in range(25):
    loss = ((model(x) - y) ** 2).mean()
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    if step % 6 == 0:
        print(step, round(loss.item(), 5))

print("learned weight:", model.weight.detach().flatten())
print("learned bias:", model.bias.item())
print("last gradient:", model.weight.grad.flatten())
