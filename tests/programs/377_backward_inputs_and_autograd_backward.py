import torch

# backward(inputs=...) fills .grad only for the tensors named; torch.autograd.backward runs several roots.
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, -1.0], requires_grad=True)
loss = (a * b).sum() + (b**2).sum()
loss.backward(inputs=[a])
print(a.grad, b.grad)

first = (a**2).sum()
second = (a * b).mean()
torch.autograd.backward([first, second])
print(a.grad, b.grad)

a.grad = None
b.grad = None
out = a * b
torch.autograd.backward(out, grad_tensors=torch.tensor([1.0, 0.5]))
print(a.grad, b.grad)
