import torch

# Gradients through linear algebra: a norm, a solve, a determinant and an inverse.
A = torch.tensor([[3.0, 1.0], [1.0, 2.0]], requires_grad=True)
b = torch.tensor([1.0, -1.0])
x = torch.linalg.solve(A, b)
print(x)
loss = torch.linalg.norm(x) + torch.det(A) + torch.linalg.inv(A).sum()
loss.backward()
print(f"{loss.item():.6f}")
print(A.grad)
print(torch.linalg.norm(A, ord="fro"), torch.linalg.vector_norm(b, ord=1))
