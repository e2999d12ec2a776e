# expect-error: runtime_error line 12
import torch
import torch.nn as nn

# A model built for 3 features refuses a batch of 5 features with PyTorch's own shape error.
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(x)

model = Net()
good = model(torch.ones(4, 3))
print("good batch:", good.shape)
bad = model(torch.ones(4, 5))
print("never printed")
