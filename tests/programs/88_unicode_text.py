import torch

weights = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
total = 0.0
for i in range(3):
    total += weights[i].item()

loss = (weights ** 2).sum()
loss.backward()
print("∂loss/∂weights =", weights.grad)
print(f"Σ = {total} ✓")
print("done", end="")
