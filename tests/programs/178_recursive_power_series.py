import torch

# exp(x) as a power series built by recursion; its derivative is the series one term shorter.
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def series(x, n):
    if n == 0:
        return torch.ones_like(x)
    return series(x, n - 1) + x ** n / fact(n)

x = torch.tensor([0.5, 1.0, -1.0], requires_grad=True)
approx = series(x, 8)
approx.sum().backward()
print("series   :", approx)
print("torch.exp:", torch.exp(x))
print("gradient :", x.grad)
print("error    : {:.2e}".format((x.grad - torch.exp(x)).abs().max().item()))
print("5! =", fact(5), "and 0! =", fact(0))
