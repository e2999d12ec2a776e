from torch import nn, optim
from torch.nn import functional as fn
from math import pi, sqrt
import torch as th

t = th.linspace(0, pi, 5, requires_grad=True)
s = fn.sigmoid(t).mean() * sqrt(4)
s.backward()
print(s)
print(t.grad)
opt = optim.SGD([t], lr=0.1)
opt.step()
print(nn.functional.tanh(th.tensor(0.5)), t)
