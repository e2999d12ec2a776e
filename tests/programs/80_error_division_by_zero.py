# expect-error: runtime_error line 10
import torch

losses = torch.tensor([0.5, 0.25])
count = 0
total = losses.sum().item()
print(total)

# the counter was never incremented
mean = total / count
print(mean)
