import torch

a = torch.tensor([2.0, 3.0], requires_grad=True)
b = a * a
c = b.exp()
print(b.grad_fn.name(), c.grad_fn.name())
print(b.grad_fn._saved_self)
print(c.grad_fn._saved_result)
print(b.grad_fn.next_functions[0][0].name())
loss = c.sum()
loss.backward()
print(a.grad)
try:
    print(b.grad_fn._saved_self)
except RuntimeError as e:
    print("after backward:", e)
