import torch
import torch.nn as nn
import torch.nn.functional as F

# The adversarial-example recipe (FGSM): freeze the model, take the loss's gradient with respect to the input,
# and step the input along the gradient's sign.
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))

model = Net()
model.eval()
model.requires_grad_(False)
x = torch.tensor([[0.5, -1.0, 0.3, 0.8]], requires_grad=True)
label = model(x).argmax(dim=1)
loss = F.cross_entropy(model(x), label)
loss.backward()
print("prediction:", label.item(), "loss:", round(loss.item(), 5))
print("input gradient:", x.grad)
print("weights have no grad:", model.fc1.weight.grad)
for epsilon in (0.0, 0.1, 0.5, 1.0):
    perturbed = x + epsilon * x.grad.sign()
    with torch.no_grad():
        probs = F.softmax(model(perturbed), dim=1)
    print(epsilon, probs.argmax(dim=1).item(), round(probs[0, label.item()].item(), 4))
