import torch
import torch.nn.functional as F

# Logistic regression on two blobs: binary cross-entropy by hand and from F, then accuracy.
torch.manual_seed(2)
X = torch.cat([torch.randn(10, 2) + 1.5, torch.randn(10, 2) - 1.5])
y = torch.cat([torch.ones(10), torch.zeros(10)])

def bce(p, t, eps=1e-7):
    p = p.clamp(eps, 1 - eps)
    return -(t * p.log() + (1 - t) * (1 - p).log()).mean()

w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.5)
for epoch in range(40):
    probs = torch.sigmoid(X @ w + b)
    loss = bce(probs, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

check = F.binary_cross_entropy(probs, y)
accuracy = ((probs > 0.5).float() == y).float().mean()
print(f"loss by hand {loss.item():.5f}, F.binary_cross_entropy {check.item():.5f}")
print(f"accuracy {accuracy.item():.0%}")
print(w, b)
