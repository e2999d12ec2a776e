import torch
import torch.nn.functional as F

logits = torch.tensor([[2.0, 0.5, 0.1], [0.2, 0.1, 3.0], [1.0, 1.5, 0.3], [0.0, 0.2, 0.1]], requires_grad=True)
labels = torch.tensor([0, 2, 0, 1])

predicted = logits.argmax(dim=1)
correct = (predicted == labels).float()
accuracy = correct.mean()

print(predicted)
print(correct)
print(f"accuracy: {accuracy.item():.2%}")

loss = F.cross_entropy(logits, labels)
loss.backward()
print(f"loss: {loss.item():.4f}")
print(logits.grad)
