import torch
import torch.nn as nn

# Heads kept by name in an nn.ModuleDict: one shared body, and the task picks which head answers.
torch.manual_seed(0)

class MultiTask(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(3, 4)
        self.heads = nn.ModuleDict({"price": nn.Linear(4, 1), "kind": nn.Linear(4, 3)})

    def forward(self, x, task):
        return self.heads[task](torch.relu(self.body(x)))

model = MultiTask()
print(model)
print(list(model.heads.keys()))
x = torch.randn(2, 3)
price = model(x, "price")
kind = model(x, "kind")
print(price.shape, kind.shape)
loss = price.pow(2).mean() + nn.functional.cross_entropy(kind, torch.tensor([2, 0]))
loss.backward()
print(loss)
print("price head grad:", model.heads["price"].weight.grad)
print("body bias grad:", model.body.bias.grad)
