import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.zeros(1, requires_grad=True)
params = [w, b]
optimizer = torch.optim.SGD(params, lr=0.1)
losses = []
for i in range(3):
    loss = (w.sum() + b).pow(2).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print(losses, len(losses))
