# expect-error: runtime_error line 10
import torch
import torch.nn as nn

# Loading weights into a model of another shape fails, with PyTorch's own list of what did not fit.
small = nn.Linear(2, 3)
large = nn.Linear(2, 4)
print(small.load_state_dict(nn.Linear(2, 3).state_dict()))
print(sorted(large.state_dict().keys()))
large.load_state_dict(small.state_dict())
