import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2

d = y.detach()
raw = y.data
s = y.sum()
value = s.item()

print(d, d.requires_grad)
print(raw, raw.requires_grad)
print(value)
print(y.requires_grad, s.requires_grad)
print(f"{value:.2f}")
