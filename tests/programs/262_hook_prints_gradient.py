import torch

# A hook on a tensor prints each gradient that reaches it, until its handle removes it.
def show(grad):
    print("gradient arriving at h:", grad)

x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
h = x * 2
handle = h.register_hook(show)
y = (h ** 2).sum()
y.backward()
print("x.grad:", x.grad)

handle.remove()
x.grad = None
h = x * 2
y = (h ** 2).sum()
y.backward()
print("after remove, x.grad:", x.grad)
