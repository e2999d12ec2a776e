import torch

inputs = [torch.tensor([1.0, 2.0]), torch.tensor([0.0, 1.0]), torch.tensor([2.0, 2.0])]
targets = [3.0, 1.0, 4.0]
w = torch.zeros(2, requires_grad=True)
for step, (x, y) in enumerate(zip(inputs, targets)):
    pred = (w * x).sum()
    loss = (pred - y) ** 2
    loss.backward()
    print(step, round(loss.item(), 3))
print(w.grad)
first, *rest = targets
*init, last = targets
a, (b, c) = 1, (2, 3)
print(first, rest, init, last, a, b, c)
rows, cols = torch.ones(2, 3).shape
print(rows, cols)
