import torch

W = torch.rand(2, 3, requires_grad=True)
x = torch.rand(3, requires_grad=True)
B = torch.rand(3, 2)

y = W @ x
M = torch.matmul(W, B)
print(y)
print(M)
print(y.shape, M.shape)

loss = y.sum() + M.sum()
loss.backward()
print(W.grad)
print(x.grad)
