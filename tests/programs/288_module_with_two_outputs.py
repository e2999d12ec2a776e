import torch
import torch.nn as nn

# A model with two heads returning a tuple: a class score and a regression value, trained on the sum of losses.
torch.manual_seed(0)

class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Linear(3, 5)
        self.classify = nn.Linear(5, 2)
        self.regress = nn.Linear(5, 1)

    def forward(self, x):
        h = torch.relu(self.trunk(x))
        return self.classify(h), self.regress(h)

model = TwoHeads()
x = torch.randn(4, 3)
labels = torch.tensor([0, 1, 1, 0])
values = torch.tensor([[0.5], [1.5], [1.0], [0.0]])
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(20):
    logits, pred = model(x)
    class_loss = nn.functional.cross_entropy(logits, labels)
    value_loss = nn.functional.mse_loss(pred, values)
    loss = class_loss + value_loss
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 4:
        print(f"{step + 1}: class {class_loss.item():.4f}  value {value_loss.item():.4f}")
print(logits.argmax(dim=1), pred.flatten())
print(model.trunk.bias.grad)
