import torch

# An LSTM cell written out by hand: one matrix product, its gates split with chunk.
torch.manual_seed(0)
n_in, n_hid = 3, 2
W = torch.randn(n_in + n_hid, 4 * n_hid, requires_grad=True)
bias = torch.zeros(4 * n_hid, requires_grad=True)
xs = torch.randn(4, 1, n_in)
h = torch.zeros(1, n_hid)
c = torch.zeros(1, n_hid)
for t, x in enumerate(xs):
    gates = torch.cat([x, h], dim=1) @ W + bias
    i, f, g, o = gates.chunk(4, dim=1)
    i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)
    c = f * c + i * torch.tanh(g)
    h = o * torch.tanh(c)
    print(t, h)
first, second = torch.split(h, 1, dim=1)
loss = (first - 1).pow(2).sum() + second.abs().sum()
loss.backward()
print(f"loss {loss.item():.5f}")
print(W.grad)
print([row.sum().item() for row in bias.grad.view(4, n_hid).unbind(0)])
