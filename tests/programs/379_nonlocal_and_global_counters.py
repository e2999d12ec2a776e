import torch

# Counting calls: a closure with nonlocal, and a module-level counter with global.
calls = 0


def make_counted_hook():
    count = 0

    def hook(grad):
        nonlocal count
        count += 1
        print(f"hook call {count}: grad norm {grad.norm().item():.4f}")

    return hook


def loss_fn(w):
    global calls
    calls += 1
    return ((w - 1) ** 2).sum()


w = torch.tensor([0.0, 3.0], requires_grad=True)
w.register_hook(make_counted_hook())
for step in range(3):
    loss = loss_fn(w)
    loss.backward()
    with torch.no_grad():
        w -= 0.25 * w.grad
        w.grad.zero_()
print("loss_fn called", calls, "times; w =", w)
