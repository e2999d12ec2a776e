import torch

# A generator object of its own makes one stream of random numbers reproducible, whatever else draws.
g = torch.Generator().manual_seed(42)
a = torch.randn(3, generator=g)
noise = torch.rand(2)
g.manual_seed(42)
b = torch.randn(3, generator=g)
print(torch.equal(a, b), a)
idx = torch.randperm(5, generator=g)
print(idx)
w = torch.randn(3, generator=g, requires_grad=True)
loss = (w * a).sum()
loss.backward()
print(w.grad, noise.shape)
