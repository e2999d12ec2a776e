import torch

# Two ways to see a non-leaf's gradient: retain_grad() keeps it in .grad, a hook receives it as it passes.
seen = []
x = torch.tensor([1.0, 2.0], requires_grad=True)
a = x ** 2
b = a * 3
a.retain_grad()
handle = b.register_hook(lambda g: seen.append(g.clone()))
loss = b.sum() + a.prod()
loss.backward()
print("a.grad by retain_grad:", a.grad)
print("grad seen by b's hook:", seen[0])
print("x.grad:", x.grad)
handle.remove()
print("hooks seen:", len(seen))
