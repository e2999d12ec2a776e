import torch

# A micrograd-style layer of tanh neurons, its parameters kept in plain lists.
torch.manual_seed(1)

def neuron(n_in):
    w = [torch.randn(1, requires_grad=True) for _ in range(n_in)]
    b = torch.zeros(1, requires_grad=True)
    return w, b

def fire(params, xs):
    w, b = params
    act = sum((wi * xi for wi, xi in zip(w, xs)), b)
    return act.tanh()

layer, params = [], []
for _ in range(2):
    w, b = neuron(3)
    layer.append((w, b))
    params.extend(w)
    params.append(b)
xs, ys = [2.0, 3.0, -1.0], [1.0, -1.0]

for k in range(20):
    outs = []
    for n in layer:
        outs.append(fire(n, xs))
    loss = sum((o - t) ** 2 for o, t in zip(outs, ys))
    loss.backward()
    for p in params:
        p.data += -0.05 * p.grad
        p.grad = None
print(f"loss {loss.item():.5f}, {len(params)} parameters")
print([round(o.item(), 4) for o in outs])
