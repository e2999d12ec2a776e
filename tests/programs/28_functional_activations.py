import torch
import torch.nn.functional as F

x = torch.linspace(-2, 2, 5, requires_grad=True)

r = F.relu(x)
s = F.sigmoid(x)
t = F.tanh(x)

print(x)
print(r)
print(s)
print(t)

y = r.sum() + s.sum() + t.sum()
y.backward()
print(x.grad)
