import torch

# initialise weights in place, as many tutorials do
w = torch.empty(3).uniform_(-1, 1)
w.requires_grad_()
b = torch.zeros(1).normal_()

loss = (w.sum() * b).sum()
loss.backward()
print(w, b)
print(w.grad)
