import torch

# A step-decay learning-rate schedule written as a lambda, applied by hand.
schedule = lambda epoch, base=0.4: base * 0.5 ** (epoch // 10)

w = torch.tensor([4.0, -3.0], requires_grad=True)
target = torch.tensor([1.0, 2.0])
lrs = []
for epoch in range(30):
    lr = schedule(epoch)
    loss = ((w - target) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w.sub_(lr * w.grad)
    w.grad = None
    lrs.append(lr)
    if epoch % 10 == 9:
        print("epoch %2d  lr %.3f  loss %.6f" % (epoch, lr, loss.item()))

print(sorted(set(lrs), reverse=True))
print(w)
print(schedule(25, base=1.0))
