import torch

def model(x, w, b):
    return x @ w + b

def mse(pred, target):
    diff = pred - target
    return (diff ** 2).mean()

torch.manual_seed(1)
x = torch.randn(6, 2)
true_w = torch.tensor([2.0, -1.0])
y = x @ true_w + 0.5

w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.1
for epoch in range(3):
    loss = mse(model(x, w, b), y)
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    print(f"epoch {epoch}: loss {loss.item():.4f}")
print(w, b)
