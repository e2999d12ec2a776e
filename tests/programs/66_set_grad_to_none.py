import torch

w = torch.ones(3, requires_grad=True)

(w * 2).sum().backward()
print(w.grad)

w.grad = None
print(w.grad)

(w * 5).sum().backward()
print(w.grad)
