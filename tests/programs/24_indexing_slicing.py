import torch

x = torch.tensor([[1.0, 2.0, 3.0, 4.0],
                  [5.0, 6.0, 7.0, 8.0],
                  [9.0, 10.0, 11.0, 12.0]], requires_grad=True)

first = x[0]
column = x[:, 1]
part = x[0, 1:3]
last = x[-1]
corner = x[1, 2]
block = x[1:, ::2]

print(first)
print(column)
print(part)
print(last)
print(corner)
print(block)

y = first.sum() + 2 * column.sum() + 3 * part.sum() + last.sum() + corner + block.sum()
y.backward()
print(x.grad)
