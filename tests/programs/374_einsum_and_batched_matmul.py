import torch

# einsum and bmm, the two ways tutorials write batched products, and their gradients.
torch.manual_seed(0)
a = torch.randn(2, 3, 4, requires_grad=True)
b = torch.randn(2, 4, 2, requires_grad=True)
c1 = torch.bmm(a, b)
c2 = torch.einsum("bij,bjk->bik", a, b)
print(torch.allclose(c1, c2), c1.shape)
trace = torch.einsum("ii->", torch.eye(3) * 2)
outer = torch.einsum("i,j->ij", torch.arange(3.0), torch.arange(2.0))
print(trace, outer)
loss = (c2**2).sum() + torch.einsum("bij,bij->", a, a)
loss.backward()
print(f"{loss.item():.4f}")
print(a.grad[0])
print(b.grad.sum(dim=0))
