import torch
import torch.nn as nn

# Printing the pieces of a model, as a notebook shows them.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid())
print(model.parameters())
print(list(model.parameters()))
print(model.state_dict())
print(model[0].weight)
print(model[0].weight.data)
for p in model.parameters():
    print(p.shape, p.dtype, p.requires_grad, p.is_leaf, p.grad)
out = model(torch.ones(1, 2))
print(out)
print(out.grad_fn, out.grad_fn.next_functions[0][0])
print(nn.Parameter(torch.zeros(2)))
print(f"{model}")
print(str(model[0]), model[1])
