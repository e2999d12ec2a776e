import torch
import math

# Peeking at the first item, as tutorials do with next(iter(...)).
data = [(torch.tensor([1.0, 2.0]), 0), (torch.tensor([3.0, 4.0]), 1)]
first_x, first_y = next(iter(data))
print(first_x, first_y)
batches = torch.arange(12.0).reshape(4, 3)
rows = iter(batches)
print(next(rows))
print(next(rows).sum())
config = {"lr": 0.1, "epochs": 3}
print(next(iter(config)), next(iter(config.values())), next(iter(config.items())))
counter = iter(range(3))
total = 0
while True:
    step = next(counter, None)
    if step is None:
        break
    total += step
print("total", total)
letters = iter("ab")
print(next(letters), next(letters), next(letters, "end"))
try:
    next(iter([]))
except StopIteration:
    print("empty iterator")

w = torch.tensor([0.5], requires_grad=True)
it = iter([2.0, 3.0])
loss = (w * next(it)) ** 2 + w * next(it)
loss.backward()
print(w.grad)
print("tensor" in dir(torch), "sqrt" in dir(math), "pi" in dir(math), "no_such_thing" in dir(torch))
print([name for name in ("sqrt", "exp", "tanh") if name in dir(math)])

rows = iter(batches)
first = next(rows)
rest = [row.sum() for row in rows]
print(first, rest)
pairs = iter([(1, "a"), (2, "b"), (3, "c")])
next(pairs)
for number, letter in pairs:
    print(number, letter)
print(list(pairs), list(zip(iter("xy"), iter([1, 2]))))
