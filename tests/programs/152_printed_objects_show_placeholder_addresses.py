import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
fn = y.grad_fn
print(fn)
print(y.grad_fn)
acc = fn.next_functions[0][0]
print(fn.next_functions)
print(f"{fn} comes after {acc!r}")
print("node: %s" % (fn,))
nodes = [fn, acc]
print(nodes, {"mul": fn})
z = y.sum()
total = z.grad_fn
print(total, fn, total)
g = torch.manual_seed(0)
print(g)
opt = torch.optim.SGD([x], lr=0.1)
print(opt)
z.backward()
print(x.grad)
