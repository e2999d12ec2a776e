import torch
import torch.nn.functional as F

# Softmax cross-entropy written out, then checked against F.cross_entropy.
def cross_entropy(logits, targets):
    shifted = logits - logits.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    picked = log_probs[torch.arange(len(targets)), targets]
    return -picked.mean()

torch.manual_seed(0)
logits = torch.randn(4, 3, requires_grad=True)
targets = torch.tensor([2, 0, 1, 2])

mine = cross_entropy(logits, targets)
mine.backward()
my_grad = logits.grad.clone()
logits.grad.zero_()

theirs = F.cross_entropy(logits, targets)
theirs.backward()
print(f"by hand   : {mine.item():.6f}")
print(f"functional: {theirs.item():.6f}")
print("same loss:", abs(mine.item() - theirs.item()) < 1e-6)
print("same grad:", (my_grad - logits.grad).abs().max().item() < 1e-6)
print(my_grad)
