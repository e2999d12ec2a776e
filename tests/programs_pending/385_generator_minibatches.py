import torch

# A generator function yields shuffled mini-batches, a pattern many tutorials use before DataLoader.
torch.manual_seed(0)
x = torch.randn(10, 2)
y = x @ torch.tensor([2.0, -1.0]) + 0.5


def batches(inputs, targets, batch_size=4, shuffle=True):
    order = torch.randperm(len(inputs)) if shuffle else torch.arange(len(inputs))
    for start in range(0, len(inputs), batch_size):
        idx = order[start : start + batch_size]
        yield inputs[idx], targets[idx]


w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(3):
    total = 0.0
    for i, (xb, yb) in enumerate(batches(x, y)):
        loss = ((xb @ w + b - yb) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
            b -= 0.1 * b.grad
        w.grad.zero_()
        b.grad.zero_()
        total += loss.item() * len(xb)
    print(f"epoch {epoch}: {i + 1} batches, mean loss {total / len(x):.4f}")
sizes = [len(xb) for xb, _ in batches(x, y, batch_size=3, shuffle=False)]
print(sizes, w, b)
