import torch
import torch.nn as nn

# A Bilinear layer scores pairs of vectors; LayerNorm normalises each sample over its features.
torch.manual_seed(0)
users = torch.randn(3, 4)
items = torch.randn(3, 5)
score = nn.Bilinear(4, 5, 1)
print(score, score.weight.shape)
s = score(users, items)
print(s)
manual = torch.stack([users[i] @ score.weight[0] @ items[i] for i in range(3)]).unsqueeze(1) + score.bias
print(torch.allclose(s, manual))

norm = nn.LayerNorm(4)
normed = norm(users)
print(normed.mean(dim=1), normed.var(dim=1, correction=0))
print(norm.normalized_shape, norm.eps, norm.elementwise_affine)
(normed * torch.arange(4.0)).sum().backward()
print(norm.weight.grad, norm.bias.grad)
no_affine = nn.LayerNorm([2, 2], elementwise_affine=False)
print(no_affine(torch.arange(8.0).reshape(2, 2, 2)))
print(list(no_affine.parameters()))
