# expect-error: runtime_error line 12
import torch
import torch.nn as nn

# Integer features fed to a float model: the matrix multiply refuses to mix Long and Float.
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return torch.relu(self.fc(x))

model = Net()
counts = torch.tensor([[1, 0, 2], [3, 1, 0]])
print(counts.dtype, model.fc.weight.dtype)
print("as float:", model(counts.float()).shape)
print(model(counts))
