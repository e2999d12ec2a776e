import torch

# A lambda hook on a leaf halves its gradient before it is stored in .grad; removing it restores the full one.
w = torch.tensor([2.0, -1.0], requires_grad=True)
handle = w.register_hook(lambda g: g * 0.5)
loss = (w ** 3).sum()
loss.backward()
print("halved:", w.grad)

handle.remove()
w.grad.zero_()
loss = (w ** 3).sum()
loss.backward()
print("full:", w.grad)

x = torch.ones(3, requires_grad=True)
y = x * torch.tensor([1.0, 2.0, 3.0])
y.register_hook(lambda g: g.clamp(max=0.5))
y.sum().backward()
print("clamped on the way:", x.grad)
