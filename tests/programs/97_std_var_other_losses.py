import torch
import torch.nn.functional as F

x = torch.tensor([[0.2, 0.7, 0.1], [0.9, 0.3, 0.6]], requires_grad=True)
t = torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])

s = x.std()
v = x.var(dim=1)
l1 = F.l1_loss(x, t)
bce = F.binary_cross_entropy(x, t)
lin = F.linear(x, torch.ones(2, 3), torch.zeros(2))
leaky = F.leaky_relu(x - 0.5, 0.1)

print(s, v, l1, bce, sep="\n")
print(lin)
print(leaky)

(s + v.sum() + l1 + bce + lin.sum() + leaky.sum()).backward()
print(x.grad)
