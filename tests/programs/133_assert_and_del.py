import torch

x = torch.ones(3, requires_grad=True)
y = (x * 4).sum()
assert y.requires_grad, "y should be part of the graph"
assert not x.grad_fn
y.backward()
assert x.grad is not None
print(x.grad)

temp = x.detach() * 2
print(temp)
del temp
assert x.grad.sum().item() == 12.0, f"unexpected total {x.grad.sum().item()}"
del y
print("done")
