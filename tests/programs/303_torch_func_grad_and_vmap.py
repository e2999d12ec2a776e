import torch
from torch.func import grad, vmap

# The functional API: gradients and batches as functions of the program's own functions.
def loss_fn(w, x, y):
    pred = x @ w
    return ((pred - y) ** 2).mean()

x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
y = torch.tensor([1.0, 2.0, 3.0])
w = torch.zeros(2)
grad_fn = grad(loss_fn)
for step in range(3):
    g = grad_fn(w, x, y)
    w = w - 0.02 * g
    print(step, g, w)

# The same gradient by backward, for comparison.
w2 = torch.zeros(2, requires_grad=True)
for step in range(3):
    loss = loss_fn(w2, x, y)
    loss.backward()
    with torch.no_grad():
        w2 -= 0.02 * w2.grad
    w2.grad.zero_()
print(torch.allclose(w, w2), w2)

def cube(t):
    return t ** 3

second = grad(grad(cube))
print(second(torch.tensor(2.0)))
print(torch.func.grad(loss_fn, argnums=1)(w, x, y).shape)

def per_example(xi, yi):
    return loss_fn(w, xi.unsqueeze(0), yi.unsqueeze(0))

print(vmap(per_example)(x, y))
per_sample_grads = vmap(grad(loss_fn), in_dims=(None, 0, 0))(w, x.unsqueeze(1), y.unsqueeze(1))
print(per_sample_grads)
print(per_sample_grads.mean(dim=0), grad_fn(w, x, y))

def summed_parts(row):
    parts = [row * 2, row.sum()]
    parts.append(row.mean())
    scales = {"first": parts[0]}
    return scales["first"].sum() + parts[1] + parts[2]

print(vmap(summed_parts)(x))
print(grad(summed_parts)(torch.tensor([1.0, 2.0])))
