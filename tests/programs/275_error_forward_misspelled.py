# expect-error: runtime_error line 16
import torch
import torch.nn as nn

# A classic slip: forward spelled "foward", so calling the model finds no forward and PyTorch says so.
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def foward(self, x):
        return self.fc(x)

model = Net()
print(model)
out = model(torch.ones(3, 2))
print("never printed")
