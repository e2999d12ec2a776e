import torch
import torch.nn as nn

# A module that counts its own forward calls in a plain attribute, and keeps the last input's batch size.
torch.manual_seed(0)

class Counted(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.calls = 0
        self.last_batch = None

    def forward(self, x):
        self.calls += 1
        self.last_batch = x.shape[0]
        return self.fc(x)

model = Counted()
for n in (1, 3, 5):
    out = model(torch.ones(n, 2))
print("calls:", model.calls, "last batch:", model.last_batch)
out.mean().backward()
print(out)
print(model.fc.weight.grad)
print([name for name, _ in model.named_parameters()])
