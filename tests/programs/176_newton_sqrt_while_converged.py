import torch

# Newton's method for the square root of 10, with the derivative from autograd,
# in a while loop that stops once the step is small enough.
def residual(x):
    return x ** 2 - 10.0

x = torch.tensor(1.0, requires_grad=True)
steps = 0
delta = float("inf")
while abs(delta) > 1e-6 and steps < 50:
    r = residual(x)
    (slope,) = torch.autograd.grad(r, x)
    delta = (r / slope).item()
    with torch.no_grad():
        x -= delta
    steps += 1
    print(f"step {steps}: x = {x.item():.7f}")
else:
    print("converged" if abs(delta) <= 1e-6 else "gave up")

print(steps, round(x.item(), 5), x.requires_grad, x.is_leaf)
