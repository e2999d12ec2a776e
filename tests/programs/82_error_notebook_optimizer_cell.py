# expect-error: runtime_error line 4
import torch
weights = torch.rand(3,requires_grad=True,dtype=torch.float)
optimizer = torch.optim.SGD(weights,lr=.01)

optimizer.step()
