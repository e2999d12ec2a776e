# expect-error: runtime_error line 24
import torch
import torch.nn as nn

# Loading weights saved from a wider model: PyTorch lists the size mismatch and refuses.
class Net(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.fc1 = nn.Linear(2, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))

small = Net(3)
wide = Net(5)
same = Net(3)
same.load_state_dict(small.state_dict())
x = torch.ones(1, 2)
print("same size loads:", torch.equal(small(x), same(x)))
for key, value in wide.state_dict().items():
    print(key, tuple(value.shape))
print("loading the wide weights into the small model")
small.load_state_dict(wide.state_dict())
print("never printed")
