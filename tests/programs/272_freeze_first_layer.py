import torch
import torch.nn as nn

# Fine-tuning: the first layer is frozen with requires_grad_(False) and only the head is given to the optimizer.
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Linear(4, 3)
        self.head = nn.Linear(3, 1)

    def forward(self, x):
        return self.head(torch.relu(self.features(x)))

model = Net()
model.features.requires_grad_(False)
for name, p in model.named_parameters():
    print(name, p.requires_grad)

trainable = [p for p in model.parameters() if p.requires_grad]
print("trainable tensors:", len(trainable))
opt = torch.optim.SGD(trainable, lr=0.1)
frozen_before = model.features.weight.clone()

x = torch.randn(8, 4)
y = torch.randn(8, 1)
for step in range(20):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
print("loss:", round(loss.item(), 5))
print("frozen layer unchanged:", torch.equal(frozen_before, model.features.weight))
print("frozen grad:", model.features.weight.grad)
print("head grad:", model.head.weight.grad)
