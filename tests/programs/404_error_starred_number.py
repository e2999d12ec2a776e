# expect-error: runtime_error line 8
import torch

# `*` spreads a list, a tuple or a tensor's shape, not a number: Python says so where the list is made.
x = torch.ones(2, 3)
n = x.shape[0]
print([*x.shape, 1])
dims = [*n, 1]
print(dims)
