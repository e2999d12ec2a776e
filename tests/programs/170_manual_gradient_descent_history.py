import torch

# Gradient descent by hand: a loss function, a loop, and a history of what happened.
def predict(x, w, b):
    return w * x + b

def squared_error(pred, y):
    return ((pred - y) ** 2).mean()

x = torch.tensor([1.0, 2.0, 3.0, 4.0])
y = torch.tensor([3.1, 4.9, 7.2, 8.8])
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
history = {"loss": [], "w": [], "b": []}
lr = 0.02

for step in range(50):
    loss = squared_error(predict(x, w, b), y)
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    history["loss"].append(loss.item())
    history["w"].append(w.item())
    history["b"].append(b.item())

print("first loss {:.4f}, last loss {:.4f}".format(history["loss"][0], history["loss"][-1]))
print("w = {:.4f}, b = {:.4f}".format(w.item(), b.item()))
for key, values in history.items():
    print("{:>4}: min {:.4f} max {:.4f}".format(key, min(values), max(values)))
