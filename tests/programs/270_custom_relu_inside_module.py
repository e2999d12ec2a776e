import torch
import torch.nn as nn

# A custom ReLU Function saving its input, used inside a model's forward and trained like any layer.
torch.manual_seed(0)

class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(1, 10)
        self.fc2 = nn.Linear(10, 1)

    def forward(self, x):
        return self.fc2(MyReLU.apply(self.fc1(x)))

x = torch.linspace(-2, 2, 20).unsqueeze(1)
y = x.abs()
model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for t in range(40):
    loss = ((model(x) - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if t % 10 == 9:
        print(t + 1, round(loss.item(), 6))
print(model(torch.tensor([[-1.0], [0.0], [1.0]])))
print(model.fc1.weight.grad.flatten())
