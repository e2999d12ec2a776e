import torch
from torch import nn

# Two blobs of points told apart by a small classifier module, trained with Adam and cross-entropy.
torch.manual_seed(0)

class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 6)
        self.out = nn.Linear(6, 2)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))

points = torch.cat([torch.randn(10, 2) + 1.5, torch.randn(10, 2) - 1.5])
labels = torch.cat([torch.zeros(10, dtype=torch.long), torch.ones(10, dtype=torch.long)])

model = Classifier()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)

for epoch in range(20):
    optimizer.zero_grad()
    logits = model(points)
    loss = criterion(logits, labels)
    loss.backward()
    optimizer.step()
    accuracy = (logits.argmax(dim=1) == labels).float().mean()
    if epoch % 4 == 3:
        print(f"epoch {epoch + 1}: loss={loss.item():.4f} accuracy={accuracy.item():.2f}")

probs = torch.softmax(model(torch.tensor([[2.0, 2.0], [-2.0, -1.0]])), dim=1)
print(probs)
print(model.out.bias.grad)
