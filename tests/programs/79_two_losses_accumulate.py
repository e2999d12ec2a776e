import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)

loss1 = (w * 3).sum()
loss2 = (w ** 2).mean()

loss1.backward()
print(w.grad)
loss2.backward()
print(w.grad)

total = loss1 + loss2
print(total)
