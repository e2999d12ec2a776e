import torch
import torch.nn as nn

# Evaluating a model the way tutorials do: model.eval(), then a forward pass under torch.no_grad().
torch.manual_seed(0)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return torch.log_softmax(self.fc(x), dim=1)

model = Net()
print("training?", model.training)
x_train = torch.randn(8, 4)
y_train = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
opt = torch.optim.SGD(model.parameters(), lr=0.5)
loss_fn = nn.NLLLoss()
for epoch in range(10):
    opt.zero_grad()
    loss = loss_fn(model(x_train), y_train)
    loss.backward()
    opt.step()
print("train loss", round(loss.item(), 4))

model.eval()
print("training?", model.training, model.fc.training)
x_test = torch.randn(3, 4)
with torch.no_grad():
    scores = model(x_test)
    test_loss = loss_fn(scores, torch.tensor([0, 1, 2]))
print(scores.requires_grad, scores.grad_fn)
print("test loss", round(test_loss.item(), 4))
print("predictions:", scores.argmax(dim=1))
model.train()
print("training again?", model.training)
