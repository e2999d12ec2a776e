# expect-error: runtime_error line 10
import torch
import torch.nn as nn

# The first layer expects 3 features; a batch with 4 fails inside the model, at the line that calls it.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
print(model(torch.ones(1, 3)).shape)
batch = torch.ones(5, 4)
prediction = model(batch)
print("not reached")
