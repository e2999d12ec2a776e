import math

import torch

# Guarding a training loop: a custom exception for a diverging loss, raised from inside and caught outside.


class DivergedError(RuntimeError):
    pass


def check(loss, step):
    value = loss.item()
    if math.isnan(value) or value > 1e6:
        raise DivergedError(f"loss {value:.3g} at step {step}")
    return value


def train(lr, steps=20):
    w = torch.tensor([2.0], requires_grad=True)
    for step in range(steps):
        loss = (w**4).sum()
        check(loss, step)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    return w.item()


for lr in [0.01, 0.5]:
    try:
        print(f"lr={lr}: w -> {train(lr):.5f}")
    except DivergedError as err:
        print(f"lr={lr}: diverged ({err})")
    except (ValueError, TypeError) as err:
        print("unexpected", err)
