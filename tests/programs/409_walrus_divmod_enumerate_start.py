import torch
# `name := value` in an if, a comprehension (binding in the enclosing scope), a while test and a function;
# divmod() and enumerate(start=).
xs = [1, 5, 2, 8]
if (n := len(xs)) > 3:
    print("long", n)
big = [y for v in xs if (y := v * 2) > 4]
print(big, y)
w = torch.ones(2, requires_grad=True)
while (loss := (w * 3).sum()) > 1:
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad.zero_()
print(loss, divmod(17, 5), divmod(7.5, 2))
for i, v in enumerate(xs, start=1):
    print(i, v)
def f(a):
    if (b := a + 1) > 2:
        return b
    return -b
print(f(1), f(5))
