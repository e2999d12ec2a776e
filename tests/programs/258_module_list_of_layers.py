import torch
import torch.nn as nn

# Layers kept in an nn.ModuleList, built in a loop and applied in a loop, so every one is registered.
torch.manual_seed(0)

class DeepNet(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList()
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            self.layers.append(nn.Linear(n_in, n_out))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = torch.tanh(x)
        return x

model = DeepNet([2, 5, 5, 4, 1])
print(model)
print("number of layers:", len(model.layers))
print("parameters:", sum(p.numel() for p in model.parameters()))

x = torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
y = torch.tensor([[1.0], [1.0], [0.0], [0.0]])
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(60):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    opt.step()
    if step % 20 == 19:
        print(step + 1, f"{loss.item():.5f}")
print(model(x).detach())
print(model.layers[-1].bias.grad)
