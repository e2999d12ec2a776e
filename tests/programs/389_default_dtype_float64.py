import torch

# Switching the default dtype to float64 for a precise finite-difference check, then back.
torch.set_default_dtype(torch.float64)
x = torch.tensor([0.3, -1.2, 2.0], requires_grad=True)
print(x.dtype, torch.zeros(2).dtype, torch.get_default_dtype())


def f(t):
    return (t.sin() * t.exp()).sum()


f(x).backward()
eps = 1e-6
numeric = torch.zeros(3)
for i in range(3):
    step = torch.zeros(3)
    step[i] = eps
    numeric[i] = (f(x.detach() + step) - f(x.detach() - step)) / (2 * eps)
print(x.grad)
print((x.grad - numeric).abs().max().item() < 1e-8)
torch.set_default_dtype(torch.float32)
print(torch.ones(1).dtype, torch.tensor([1.5]).dtype)
