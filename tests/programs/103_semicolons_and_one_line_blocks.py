import torch

x = torch.tensor([1.0, 2.0], requires_grad=True); y = x * 3
z = y.sum(); print(z)
for i in range(3): y = y * 2
if y.sum() > 10: print("big:", y)
with torch.no_grad(): x += 1
print(x, y)
y.sum().backward(); print(x.grad)
