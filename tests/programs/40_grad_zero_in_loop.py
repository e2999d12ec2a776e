import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

for epoch in range(3):
    loss = (w * w).sum() * (epoch + 1)
    loss.backward()
    print(f"epoch {epoch}: grad = {w.grad}")
    w.grad.zero_()

for epoch in range(2):
    loss = (w * w).sum()
    loss.backward()
    print(f"without zero_, epoch {epoch}: grad = {w.grad}")
