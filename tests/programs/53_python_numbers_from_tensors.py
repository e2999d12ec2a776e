import torch

x = torch.tensor([0.1, 0.2, 0.7])

total = x.sum().item()
biggest = x.max().item()
count = x.shape[0]
mean = total / count

print(total, biggest, count)
print(mean)
print(round(mean, 3))
print([total, biggest])
print(total > 0.5, count == 3)
print(x[2].item() * 100)
