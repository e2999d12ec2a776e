import torch

w = torch.tensor([1.0, -1.0], requires_grad=True)

for i in range(4):
    if i % 2 == 0:
        loss = (w * 2).sum()
    elif i == 1:
        loss = (w ** 2).sum()
    else:
        loss = w.abs().sum()
    loss.backward()
    if w.grad is not None and i > 0:
        print(i, "grad so far:", w.grad)
    else:
        print(i, "first step")

print(not w.is_leaf, w.requires_grad or False)
