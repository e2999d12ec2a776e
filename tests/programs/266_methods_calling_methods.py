import torch
import torch.nn as nn

# A model whose forward is split into methods that call each other, plus a predict method that calls the model.
torch.manual_seed(0)

class Scorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(4, 6)
        self.head = nn.Linear(6, 3)

    def features(self, x):
        return torch.relu(self.body(x))

    def scores(self, h):
        return self.head(h)

    def forward(self, x):
        return self.scores(self.features(x))

    def predict(self, x):
        with torch.no_grad():
            return self(x).argmax(dim=1)

    def loss(self, x, y):
        return nn.functional.cross_entropy(self(x), y)

model = Scorer()
x = torch.randn(6, 4)
y = torch.tensor([0, 1, 2, 2, 1, 0])
print("before:", model.predict(x))
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for step in range(15):
    opt.zero_grad()
    loss = model.loss(x, y)
    loss.backward()
    opt.step()
print("loss:", round(loss.item(), 4))
print("after: ", model.predict(x))
print("features:", model.features(x[:2]))
