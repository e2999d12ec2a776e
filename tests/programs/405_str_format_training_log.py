import torch

# A training log laid out with str.format: precision, widths from a variable ({:>{w}}), !r and named fields.
torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
x = torch.rand(5, 3)
y = x @ torch.tensor([1.0, -2.0, 0.5])
names = ["w0", "w1", "w2"]
width = max(len(n) for n in names) + 6
print("{:<{w}}{:>10}".format("epoch", "loss", w=width))
for epoch in range(3):
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
    w.grad.zero_()
    print("{:<{w}}{:>10.4f}".format(epoch, loss.item(), w=width))
print("loss: {:.4f}".format(loss.item()))
for name, value in zip(names, w.tolist()):
    print("{name!s:>{width}} = {value:+.{digits}f}".format(name=name, value=value, width=width, digits=3))
print("{!r} {:{}} {:{}.{}e}|".format("w", 7, 4, w.sum().item(), 12, 2))
print("{0}/{1} {0:>{1}}".format(2, 5), "{:>5}|{:^7}|{:%}".format("ok", "mid", 0.25))
