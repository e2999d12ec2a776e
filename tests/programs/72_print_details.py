import torch

x = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)
s = x.sum()

print("-" * 20)
print(f"{s:.3f}")
print(f"{s.item()=}")
print(f"{x.shape[0]=}, {len(x)}")
print(f"{'title':^11}")
print(0.1 + 0.2, 1e-05, -0.0, 1 / 3)
print(float(s.detach()), int(s.item() * 10), abs(-3), min(2, 7), max(2.5, 1))
print(x.shape[-1], x.size(), x.numel())
print(s.item(), True)
