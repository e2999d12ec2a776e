import torch

w = torch.tensor([3.0, -2.0], requires_grad=True)
lr = 0.25

for i in range(3):
    loss = (w ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    print(f"iter {i}: loss={loss.item():.4f} w={w}")
    w.grad.zero_()

print(w.requires_grad, w.is_leaf)
