import torch

# Collecting values the way many tutorials do: `+=` on lists and tuples.
w = torch.tensor([0.5, -1.0], requires_grad=True)
losses = []
history = losses  # the same list: += grows it in place, so both names see every item
grads = []
shapes = ()
for step in range(3):
    loss = ((w - 2.0) ** 2).sum()
    loss.backward()
    losses += [loss.item()]
    grads += [w.grad.clone()]
    shapes += (tuple(w.grad.shape),)
    with torch.no_grad():
        w -= 0.25 * w.grad
    w.grad.zero_()
print(len(history), history is losses)
print([round(v, 4) for v in losses])
print(grads[-1])
print(shapes)

names = ["w"]
names += ("b", "c")
names += range(2)
names += "xy"
print(names)
row = [0.0] * 2
row *= 3
print(row, len(row))
pairs = (1, 2)
before = pairs
pairs += (3,)
print(pairs, before, pairs is before)
log = {"loss": []}
log["loss"] += [round(losses[0], 2)]
print(log)
