import torch
import torch.nn as nn

# Class attributes hold settings shared by every instance; an instance can override one for itself.
torch.manual_seed(0)

class Perceptron(nn.Module):
    hidden = 4
    threshold = 0.5

    def __init__(self, n_in):
        super().__init__()
        self.fc1 = nn.Linear(n_in, Perceptron.hidden)
        self.fc2 = nn.Linear(self.hidden, 1)

    def forward(self, x):
        return torch.sigmoid(self.fc2(torch.relu(self.fc1(x))))

    def decide(self, x):
        return (self(x) > self.threshold).long()

a = Perceptron(2)
b = Perceptron(2)
b.threshold = 0.45
print(Perceptron.hidden, a.hidden, a.threshold, b.threshold)
x = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]])
p = a(x)
print(p)
print(a.decide(x).flatten(), b.decide(x).flatten())
loss = nn.functional.binary_cross_entropy(p, torch.tensor([[1.0], [0.0], [1.0]]))
loss.backward()
print(loss.item())
print(a.fc2.weight.grad)
