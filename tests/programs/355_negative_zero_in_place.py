import torch

# Zero times a negative number is a negative zero: PyTorch keeps its sign, and prints it.
x = torch.zeros(3, requires_grad=True)
scale = torch.tensor([-1.0, 2.0, -3.0])
with torch.no_grad():
    x.mul_(scale)
print(x)
y = (x * scale).sum()
y.backward()
print(x.grad)
w = torch.zeros(2)
w.mul_(-1)
print(w)
w.add_(0.0)
print(w)
