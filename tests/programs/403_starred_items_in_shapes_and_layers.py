import torch
import torch.nn as nn

# Sizes spread into new shapes and layer lists with `*`, as tutorials write them.
torch.manual_seed(0)
x = torch.rand(4, 3)
shape = (*x.shape, 1)
print(shape, torch.zeros(*shape).shape)
column = x.reshape(*x.shape[:-1], 3, 1)
print(column.shape)

hidden = [8, 8]
layers = [*hidden, 1]
sizes = [x.shape[1], *layers]
print(sizes)
blocks = []
for n_in, n_out in zip(sizes[:-1], sizes[1:]):
    blocks += [nn.Linear(n_in, n_out), nn.Tanh()]
model = nn.Sequential(*blocks[:-1])
print(model)

loss = model(x).pow(2).mean()
loss.backward()
grads = [*(p.grad.norm().item() for p in model.parameters())]
print(len(grads), round(sum(grads), 4))
params = [*model.parameters()]
print(len(params), params[-1].shape)

# An index spread from a tuple, and the rows of a tensor spread into a list.
where = (1, 2)
print(x[*where], x[0, *where[1:]])
first, *rest = [*x]
print(first.shape, len(rest))

def stats(t):
    return *t.shape, t.mean().item()

rows, cols, mean = stats(x)
print(rows, cols, round(mean, 4))
seen = {*sizes, 3}
print(sorted(seen))
for v in *hidden, 1:
    print("width", v)
print(f"{*hidden, 1}", [*"ab", *range(2)], (*{"lr": 0.1},))
