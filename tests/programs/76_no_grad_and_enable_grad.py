import torch

x = torch.ones(2, requires_grad=True)

with torch.no_grad():
    a = x * 2
    print(torch.is_grad_enabled(), a.requires_grad)
    with torch.enable_grad():
        b = x * 3
        print(torch.is_grad_enabled(), b.requires_grad)
    c = b * 2

print(torch.is_grad_enabled(), c.requires_grad)
b.sum().backward()
print(x.grad)
