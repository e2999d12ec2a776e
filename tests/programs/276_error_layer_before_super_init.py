# expect-error: runtime_error line 9
import torch
import torch.nn as nn

# Assigning a layer before super().__init__() has run: PyTorch refuses, since the module has nowhere to keep it.
class Net(nn.Module):
    def __init__(self, n):
        self.size = n
        self.fc = nn.Linear(n, 1)
        super().__init__()

    def forward(self, x):
        return self.fc(x)

print("building the model")
model = Net(4)
print("never printed")
