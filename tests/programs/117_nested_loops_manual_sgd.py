import torch

w = torch.randn(3) * 0.01
w.requires_grad_()
print(w.is_leaf)
for epoch in range(2):
    for step in range(2):
        loss = (w - 1).pow(2).mean()
        loss.backward()
        with torch.no_grad():
            w.sub_(0.5 * w.grad)
            w.grad.zero_()
    print(epoch, round(loss.item(), 5))
