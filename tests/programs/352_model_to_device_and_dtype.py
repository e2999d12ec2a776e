import torch
import torch.nn as nn

# The device line every tutorial starts with, a model moved with .to(device), and a double-precision copy.
device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using {device} device")
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 2)

    def forward(self, x):
        return torch.tanh(self.linear(x))

model = Net().to(device)
x = torch.randn(4, 3).to(device)
out = model(x)
print(out.device, out.dtype, next(model.parameters()).device)
out.sum().backward()
print(model.linear.bias.grad)

model64 = Net().double()
print(model64.linear.weight.dtype)
out64 = model64(x.double())
print(out64.dtype, out64.shape)
