import torch

x = torch.tensor([2.0, -1.0, 0.5], requires_grad=True)
i = 0
total = torch.zeros(())
while i < 10:
    i += 1
    if i % 2 == 0:
        continue
    total = total + (x * i).sum()
    if i >= 7:
        break
else:
    print("never printed: the loop broke")
print(i, total)
total.backward()
print(x.grad)

n = 0
while n < 3:
    n += 1
else:
    print("finished without break at", n)
