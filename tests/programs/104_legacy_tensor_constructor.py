import torch

# older tutorials build tensors with the capitalised constructor
x = torch.Tensor([1, 2, 3])
x.requires_grad_()
y = (x * x).sum()
y.backward()
print(x, x.dtype)
print(x.grad)
