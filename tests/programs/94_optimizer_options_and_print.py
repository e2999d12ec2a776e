import torch

w = torch.tensor([1.0, -1.0], requires_grad=True)
b = torch.tensor([0.5], requires_grad=True)
optimizer = torch.optim.Adam([w, b], lr=0.05, betas=(0.8, 0.9), weight_decay=0.01)
print(optimizer)

for step in range(3):
    loss = (w.sum() + b - 3) ** 2
    loss.backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=False)
    print(step, w, b.grad)

print(torch.float32, w.dtype == torch.float32)
