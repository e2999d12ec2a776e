import torch

w = torch.tensor([2.0, -3.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1, momentum=0.9)

for i in range(4):
    optimizer.zero_grad()
    loss = (w ** 2).sum()
    loss.backward()
    optimizer.step()
    print(i, f"{loss.item():.5f}", w)

print(w.grad)
