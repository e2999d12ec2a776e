import torch

w = torch.tensor([4.0, -2.0], requires_grad=True)

for i in range(3):
    loss = (w ** 2).sum()
    loss.backward()
    w.data = w.data - 0.25 * w.grad.data
    w.grad.data.zero_()
    print(i, loss.item(), w)

print(w.is_leaf, w.requires_grad)
