import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
col_sums = x.sum(axis=0)
row_means = torch.mean(x, axis=1)
print(col_sums, row_means)
(col_sums.sum() + row_means.sum()).backward()
print(x.grad)
