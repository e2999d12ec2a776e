import torch
import torch.nn as nn

# A polynomial model: its coefficients in an nn.ParameterList, a fixed scale registered as a buffer.
torch.manual_seed(0)


class Polynomial(nn.Module):
    def __init__(self, degree):
        super().__init__()
        self.coeffs = nn.ParameterList([nn.Parameter(torch.zeros(1)) for _ in range(degree + 1)])
        self.register_buffer("scale", torch.tensor(0.5))

    def forward(self, x):
        out = torch.zeros_like(x)
        for power, c in enumerate(self.coeffs):
            out = out + c * (self.scale * x) ** power
        return out


model = Polynomial(2)
print(model)
print([name for name, _ in model.named_parameters()])
print(list(model.state_dict().keys()))
print([b.item() for b in model.buffers()])

x = torch.linspace(-1, 1, 5)
y = 1 + 2 * x - x**2
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(30):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    opt.step()
print(f"loss {loss.item():.6f}")
print([round(c.item(), 4) for c in model.coeffs])
