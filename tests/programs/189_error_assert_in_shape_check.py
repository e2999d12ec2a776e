# expect-error: runtime_error line 5
import torch

def linear(x, w):
    assert x.shape[1] == w.shape[0], f"shapes {tuple(x.shape)} and {tuple(w.shape)} do not chain"
    return x @ w

w = torch.randn(3, 2, requires_grad=True)
out = linear(torch.ones(4, 3), w)
print(out.shape)
out.sum().backward()
print(w.grad)
out = linear(torch.ones(4, 2), w)
print("never printed")
