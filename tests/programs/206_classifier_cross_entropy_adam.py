import torch
import torch.nn as nn

# Three classes of points, a two-layer network, CrossEntropyLoss and Adam: the classic classification loop.
torch.manual_seed(0)
centres = torch.tensor([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
labels = torch.arange(3).repeat(10)
points = centres[labels] + 0.5 * torch.randn(30, 2)

model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)

for epoch in range(30):
    logits = model(points)
    loss = loss_fn(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 10 == 9:
        accuracy = (logits.argmax(dim=1) == labels).float().mean()
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, accuracy {accuracy.item():.2f}")

probabilities = torch.softmax(model(centres), dim=1)
print(probabilities.argmax(dim=1))
print(model[2].bias.grad)
