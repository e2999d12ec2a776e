import math

import torch

# A training report with the format specs tutorials like: widths, signs, percentages, exponents, thousands.
torch.manual_seed(0)
w = torch.randn(4, requires_grad=True)
target = torch.tensor([0.5, -1.0, 2.0, 0.0])
history = {}
for epoch in range(1, 6):
    loss = ((w - target) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.2 * w.grad
    grad_norm = w.grad.norm()
    history[f"epoch_{epoch:02d}"] = loss.item()
    print(f"{epoch:>3}/{5:<3}| loss {loss.item():>9.4f} | grad {grad_norm:.2e} | w0 {w[0].item():+.3f}")
    w.grad.zero_()

first, last = history["epoch_01"], history["epoch_05"]
print(f"improvement: {(first - last) / first:.1%}")
print(f"{'name':<10}|{'value':^12}|")
for name, value in sorted(history.items(), key=lambda kv: kv[1])[:3]:
    print(f"{name:<10}|{value:^12.5f}|")
best = min(history, key=history.get)
print("best:", best.replace("_", " ").title(), f"{history[best]:.3g}")
print(f"{1234567.891:,.2f} {math.pi:10.4f} {255:#x} {7:08.3f} {0.000123:e}")
print("{:>6} {:<6}!".format("ab", "cd"), "%-5s|%5.2f" % ("x", math.e))
