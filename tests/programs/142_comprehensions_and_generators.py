import torch

xs = [0.5 * i for i in range(5)]
evens = [x for x in xs if x % 1 == 0]
squares = {x: x ** 2 for x in evens}
unique = {round(x) for x in xs}
print(xs, evens, squares, sorted(unique))

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
terms = [w[i] * (i + 1) for i in range(3)]
loss = sum(t ** 2 for t in terms)
loss.backward()
print(loss, w.grad)
pairs = [(i, j) for i in range(3) for j in range(i)]
print(pairs, any(g > 10 for g in w.grad), all(g != 0 for g in w.grad))
grid = [[i * j for j in range(3)] for i in range(2)]
print(torch.tensor(grid))
