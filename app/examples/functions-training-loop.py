torch.manual_seed(0)
x = torch.linspace(-1, 1, 8).reshape(8, 1)
y = 2 * x + 1
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)

def model(x):
    return x * w + b

def loss_fn(pred, target):
    diff = pred - target
    return (diff ** 2).mean()

optimizer = torch.optim.SGD([w, b], lr=0.1)
for epoch in range(50):
    pred = model(x)
    loss = loss_fn(pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch}: loss {loss.item():.4f}")
print(w, b)
