import torch

w = torch.tensor([0.5], requires_grad=True)
data = torch.tensor([1.0, 2.0, 3.0])
targets = torch.tensor([2.0, 4.0, 6.0])

running = 0.0
count = 0
for i in range(3):
    pred = data[i] * w
    loss = (pred - targets[i]) ** 2
    loss.backward()
    running += loss.item()
    count += 1

print(f"mean loss {running / count:.4f} over {count} samples")
print(f"{running:10.4f}|{running:+.2e}|{count:03d}")
print(w.grad)
