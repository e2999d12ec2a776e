import torch
import torch.nn as nn

# nn.Parameter without a model: leaves that require grad, trained by an optimizer like any layer's weights.
torch.manual_seed(0)
w = nn.Parameter(torch.randn(2, 1))
b = nn.Parameter(torch.zeros(1))
print(w)
print(w.requires_grad, w.is_leaf, b.shape)
x = torch.randn(10, 2)
y = x @ torch.tensor([[3.0], [-1.0]]) + 0.5
optimizer = torch.optim.SGD([w, b], lr=0.1)
for step in range(50):
    prediction = x @ w + b
    loss = ((prediction - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(loss.item() < 0.01, w.data, b.data)
frozen = nn.Parameter(torch.ones(3), requires_grad=False)
print(frozen)
