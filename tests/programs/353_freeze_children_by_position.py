import torch
import torch.nn as nn

# Transfer learning by position: walk model.children(), freeze the first one, count what modules() holds.
torch.manual_seed(0)

class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 6), nn.ReLU())

    def forward(self, x):
        return self.layers(x)

class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = Backbone()
        self.head = nn.Linear(6, 2)

    def forward(self, x):
        return self.head(self.backbone(x))

model = Classifier()
for i, child in enumerate(model.children()):
    print(i, child)
    if i == 0:
        for p in child.parameters():
            p.requires_grad = False
print("modules inside:", len(list(model.modules())))
print([n for n, p in model.named_parameters() if p.requires_grad])

x = torch.randn(5, 4)
y = torch.tensor([0, 1, 1, 0, 1])
loss = nn.functional.cross_entropy(model(x), y)
loss.backward()
print(loss)
print("head grad:", model.head.bias.grad)
print("backbone grad:", model.backbone.layers[0].bias.grad)
