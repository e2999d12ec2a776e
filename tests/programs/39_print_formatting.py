import torch

x = torch.tensor([1.23456, 2.5, -0.125], requires_grad=True)
s = x.sum()

print("x =", x)
print("sum", s, sep=": ")
print("no newline", end=" ")
print("-- same line")
print(f"{s.item():.4f} {s.item():8.3f} {s.item():e}")
print(f"shape={x.shape} size={x.shape[0]}")
print([1, 2, 3], None, True, False)
print(f"{x}")
print(x.shape, x.dtype, sep=" | ", end="!\n")
print()
print(f"{'left':<6}|{'right':>6}|")
print(3 / 4, 7 // 2, 2 ** 10, -5 % 3)
