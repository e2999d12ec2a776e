import torch
import torch.nn as nn

# Printing a model shows its submodules as PyTorch lists them, Sequential and its layers included.
torch.manual_seed(0)

class ConvFreeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layers = nn.Sequential(
            nn.Linear(4 * 4, 12),
            nn.ReLU(),
            nn.Linear(12, 12),
            nn.ReLU(),
            nn.Linear(12, 3),
        )

    def forward(self, x):
        return self.layers(self.flatten(x))

model = ConvFreeNet()
print(model)
images = torch.rand(2, 4, 4)
logits = model(images)
print(logits.shape)
print(logits)
pred = logits.softmax(dim=1).argmax(dim=1)
print("predicted classes:", pred)
print("first layer:", model.layers[0])
print("layers in the stack:", len(model.layers))
