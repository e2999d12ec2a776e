import torch
import torch.nn as nn

# Learn a 3-tap smoothing filter: a Conv1d without bias, trained to reproduce a moving average.
torch.manual_seed(0)
signal = torch.randn(4, 1, 20)
target = (signal[:, :, :-2] + signal[:, :, 1:-1] + signal[:, :, 2:]) / 3
conv = nn.Conv1d(1, 1, kernel_size=3, bias=False)
print(conv, conv.weight.shape)
optimizer = torch.optim.SGD(conv.parameters(), lr=0.5)
for step in range(40):
    optimizer.zero_grad()
    loss = nn.MSELoss()(conv(signal), target)
    loss.backward()
    optimizer.step()
print(conv.weight.data, round(loss.item(), 6))
pool = nn.MaxPool1d(kernel_size=4, stride=4)
print(pool(signal).shape, pool(signal)[0, 0])
print(nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)(torch.arange(25.0).reshape(1, 1, 5, 5)))
