import torch

# Boolean masks: where values are, how many, and catching NaN gradients before they spread.
x = torch.tensor([[0.5, -1.0, 2.0], [0.0, 3.0, -0.5]], requires_grad=True)
positive = x > 0
print(positive.sum().item(), positive.any().item(), positive.all(dim=1))
print(torch.nonzero(positive))
rows, cols = torch.where(positive)
print(rows.tolist(), cols.tolist())
y = torch.sqrt(x)
print(torch.isnan(y))
loss = y[positive].sum()
loss.backward()
print(x.grad)
print(torch.isfinite(x.grad).all().item(), x.grad.masked_select(positive))
