import torch

names = ["weight", "bias"]
header = " | ".join(name.upper() for name in names)
print(header)
print("-" * len(header))
w = torch.tensor([0.25, -1.5], requires_grad=True)
loss = (w ** 2).sum()
loss.backward()
for name, g in zip(names, w.grad):
    print("{:<8}{:>10.4f}".format(name, g.item()))
print("loss = {}".format(round(loss.item(), 4)), "{0}/{1}".format(1, 2))
print("epoch 7".replace("7", "8").title(), "lr=0.1".split("="), " padded ".strip().center(12, "*"))
print(str(3.5) + "!", str(w.grad), "3".zfill(3), "abc".startswith("a"), "abc".endswith("bc"))
print(list(map(lambda s: s[0], names)), list(filter(lambda v: v > 0, [1, -1, 2])))
print(sorted(names, key=lambda s: len(s)), list(reversed(names)), tuple(names), bool(0), set([1, 1]))
