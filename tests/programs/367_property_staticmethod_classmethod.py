import torch
import torch.nn as nn

# A model with a @property, a @staticmethod and a @classmethod, as tidy tutorial code writes them.
torch.manual_seed(0)


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])

    @classmethod
    def from_config(cls, config):
        return cls([config["inputs"]] + config["hidden"] + [config["outputs"]])

    @staticmethod
    def activation(x):
        return torch.relu(x)

    @property
    def num_parameters(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.activation(layer(x))
        return self.layers[-1](x)


model = MLP.from_config({"inputs": 3, "hidden": [5, 4], "outputs": 2})
print(model.num_parameters)
print(MLP.activation(torch.tensor([-1.0, 2.0])))
x = torch.randn(6, 3)
target = torch.randint(0, 2, (6,))
loss = nn.CrossEntropyLoss()(model(x), target)
loss.backward()
print(f"loss = {loss.item():.4f}")
print(model.layers[0].bias.grad)
