import torch
import torch.nn.functional as F

# Masked attention scores, the top-k keys per query, and gather to pick each target's log-probability.
torch.manual_seed(0)
q = torch.randn(3, 4, requires_grad=True)
k = torch.randn(5, 4)
scores = q @ k.T / 4**0.5
mask = torch.tensor([True, True, False, True, False])
scores = scores.masked_fill(~mask, float("-inf"))
weights = F.softmax(scores, dim=-1)
print(weights)
top_vals, top_idx = weights.topk(2, dim=-1)
print(top_idx)
print(top_vals.sum(dim=-1))

log_probs = F.log_softmax(q, dim=1)
targets = torch.tensor([2, 0, 3])
picked = log_probs.gather(1, targets.unsqueeze(1)).squeeze(1)
loss = -picked.mean() + top_vals.sum()
loss.backward()
print(f"loss {loss.item():.4f}")
print(q.grad)
sorted_vals, order = torch.sort(picked.detach(), descending=True)
print(sorted_vals, order, torch.cumsum(sorted_vals, dim=0))
