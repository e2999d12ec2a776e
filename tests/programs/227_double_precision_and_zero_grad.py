import torch
import torch.nn as nn

# Move a model to float64 for a careful check, and reset gradients through the model itself.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1))
print(model[0].weight.dtype)
model.double()
print(model[0].weight.dtype, model[2].bias.dtype)
x = torch.tensor([[0.5, -1.5]], dtype=torch.float64)
out = model(x)
out.backward()
print(out, model[0].weight.grad)
out2 = model(x)
out2.backward()
print(model[0].weight.grad)
model.zero_grad(set_to_none=False)
print(model[0].weight.grad, model[2].bias.grad)
model.zero_grad()
print(model[0].weight.grad)
model.to(torch.float32)
print(model[2].weight.dtype, model(x.float()).dtype)
print(model.cpu() is model)
