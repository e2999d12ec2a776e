import torch

big = torch.rand(40, 50, requires_grad=True)
scaled = big * 3
total = scaled.mean()
total.backward()

print(big.shape, big.numel())
print(scaled)
print(big.grad)
print(f"total = {total.item():.6f}")
