import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
a = torch.ones(2)
b = torch.zeros(2)

total = torch.tensor(0.0)
for row in x:
    total = total + row.prod()
    print(row)

for t in [a, b]:
    print(t.sum())

for k in range(1, 7, 2):
    print("k =", k)

total.backward()
print(total)
print(x.grad)
