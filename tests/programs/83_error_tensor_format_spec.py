# expect-error: runtime_error line 7
import torch

x = torch.tensor([1.0, 2.0])
print(f"{x.sum():.2f}")
print(f"{x[0]:.2f}")
print(f"{x:.2f}")
