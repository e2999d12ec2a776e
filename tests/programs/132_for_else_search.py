import torch

weights = torch.tensor([0.5, -2.0, 1.5], requires_grad=True)
loss = (weights ** 2).sum()
loss.backward()

for i in range(3):
    if weights.grad[i] < -3:
        print("large negative gradient at", i)
        break
else:
    print("no gradient below -3")

for g in weights.grad:
    if g > 2:
        print("first gradient above 2:", g.item())
        break
else:
    print("none above 2")
