import torch

# What sort, topk and the splitting methods return, printed whole, as a learner first looks at them.
torch.manual_seed(0)
scores = torch.randn(2, 5, requires_grad=True)
print(torch.topk(scores, 3))
print(scores.sort(dim=1, descending=True))
best = scores.max(dim=1)
print(best.values, best.indices)
print(torch.argsort(torch.tensor([2, 1, 2, 0]), stable=True))
print(scores.chunk(2, dim=1))
print(torch.split(scores, [1, 4], dim=1))
print(scores.unbind())
print(torch.einsum("ij->ji", scores).shape, torch.einsum("ij", scores).shape, torch.einsum("...j->...", scores))
print(torch.diagonal(scores, offset=1), scores.diagonal().sum())
mask = scores > 0
print(~mask, mask.any(dim=0), torch.all(mask, dim=1, keepdim=True), ~6)
print(torch.nonzero(mask, as_tuple=True))
print(scores.cumsum(dim=1).gather(1, torch.tensor([[4], [0]])))
v, i = scores.topk(2, largest=False, sorted=True)
(v.sum() + scores.masked_fill(mask, 0.0).pow(2).sum()).backward()
print(scores.grad)
