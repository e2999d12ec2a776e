# expect-error: runtime_error line 12
import torch
import torch.nn as nn

# Calling a model with a plain Python list: the layer inside wants a Tensor and PyTorch's message says so.
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def forward(self, x):
        return self.fc(x)

model = Net()
print(model(torch.tensor([[1.0, 2.0]])).shape)
print(model([[1.0, 2.0]]))
