import torch

x = torch.tensor([0.5, 1.0, 1.5], requires_grad=True)
y = (x.sin() * x).sum()

grads = torch.autograd.grad(y, x)
print(grads)
print(grads[0])
print(x.grad)

w = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(-1.0, requires_grad=True)
loss = (w * 3 + b) ** 2
dw, db = torch.autograd.grad(loss, [w, b])
print(dw, db)
