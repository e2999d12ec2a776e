import torch
import torch.nn.functional as F

inputs = torch.rand(4, 3)
labels = torch.tensor([0, 1, 1, 0])

W1 = torch.randn(3, 5, requires_grad=True)
b1 = torch.zeros(5, requires_grad=True)
W2 = torch.randn(5, 2, requires_grad=True)
b2 = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=0.1)

for epoch in range(3):
    hidden = F.relu(inputs @ W1 + b1)
    logits = hidden @ W2 + b2
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.5f}")

print(W2.grad)
print(b2)
