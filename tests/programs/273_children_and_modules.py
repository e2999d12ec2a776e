import torch
import torch.nn as nn

# Walking the module tree: named_children gives the direct submodules, modules() every module inside.
torch.manual_seed(0)

class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 3)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.fc(x))

class AutoEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = nn.Sequential(nn.Linear(3, 6), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))

model = AutoEncoder()
for name, child in model.named_children():
    print("child:", name)
print("children:", len(list(model.children())))
print("modules:", len(list(model.modules())))
for m in model.modules():
    if isinstance(m, nn.Linear):
        print("linear", m.in_features, "->", m.out_features)
for name, m in model.named_modules():
    print("module:", name)

x = torch.rand(4, 6)
loss = ((model(x) - x) ** 2).mean()
loss.backward()
print(loss)
print(model.encoder.fc.bias.grad)
