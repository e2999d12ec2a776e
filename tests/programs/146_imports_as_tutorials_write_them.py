import math
import random
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch import tensor
from torch.autograd import grad
import torch.utils.data

x = tensor([0.5, -1.0, 2.0], requires_grad=True)
y = F.relu(x).sum() * math.pi
(g,) = grad(y, [x])
print(y, g)
print(math.sqrt(2.0), math.exp(1.0), math.log(8, 2), math.floor(2.7), math.isclose(0.1 + 0.2, 0.3))
print(nn.functional.sigmoid(torch.zeros(2)))
w = torch.zeros(2, requires_grad=True)
opt = optim.SGD([w], lr=0.5)
loss = ((w - tensor([1.0, 2.0])) ** 2).sum()
loss.backward()
opt.step()
print(w)
random.seed(3)
print(random.random(), random.randint(1, 6), random.choice(["a", "b", "c"]))
order = [1, 2, 3, 4]
random.shuffle(order)
print(order, round(random.uniform(-1, 1), 6))
