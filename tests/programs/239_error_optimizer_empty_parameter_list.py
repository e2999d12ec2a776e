# expect-error: runtime_error line 8
import torch
import torch.nn as nn

# An activation layer has no parameters: an optimizer over them has nothing to update, and PyTorch says so.
activation = nn.ReLU()
print(list(activation.parameters()))
optimizer = torch.optim.SGD(activation.parameters(), lr=0.1)
