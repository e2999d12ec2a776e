import random
import torch

values = [random.random() for _ in range(3)]
print([round(v, 6) for v in values])
idx = random.sample(range(10), 3)
noise = torch.tensor([random.gauss(0, 1) for _ in range(2)])
print(idx, noise)
