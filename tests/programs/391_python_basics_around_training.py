import torch

# Everyday Python around a small fit: walrus, divmod, zip(*pairs), enumerate(start=1), any/all, print's sep/end.
torch.manual_seed(0)
pairs = [(float(i), 2.0 * i + 1.0) for i in range(6)]
xs, ys = zip(*pairs)
x, y = torch.tensor(xs), torch.tensor(ys)
w = torch.zeros(2, requires_grad=True)
losses = []
for epoch in range(1, 41):
    pred = w[0] * x + w[1]
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.02 * w.grad
    w.grad.zero_()
    losses.append(loss.item())
    if (n := len(losses)) % 10 == 0:
        minutes, seconds = divmod(n * 7, 60)
        print(f"[{minutes}:{seconds:02d}]", n, round(loss.item(), 4), sep=" | ", end="\n")
print(*[f"{v:.2f}" for v in losses[:3]], sep=", ")
print(any(v < 0.1 for v in losses), all(a >= b for a, b in zip(losses, losses[1:])))
for rank, (i, v) in enumerate(sorted(enumerate(losses), key=lambda p: p[1])[:2], start=1):
    print(f"#{rank}: epoch {i + 1} loss {v:.5f}")
words = "Weight  Bias".lower().split()
print({word: len(word) for word in words}, sorted({c for c in "loss" if c != "o"}))
print(w.tolist(), 0 < w[0].item() < 3, "bias" in words)
