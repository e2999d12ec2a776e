import torch

@torch.no_grad()
def sgd_step(params, lr):
    for p in params:
        p -= lr * p.grad
        p.grad.zero_()

@torch.enable_grad()
def forward(x, w):
    return (x * w).sum()

w = torch.tensor([0.5, -0.5], requires_grad=True)
x = torch.tensor([1.0, 2.0])
for step in range(2):
    with torch.no_grad():
        out = forward(x, w)
    print(out.requires_grad, out)
    out.backward()
    sgd_step([w], 0.1)
    print(w)
