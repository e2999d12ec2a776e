import torch
import torch.nn as nn
import torch.nn.functional as F

# CrossEntropyLoss with class weights and an ignored label, checked against NLLLoss on log_softmax.
torch.manual_seed(0)
logits = torch.randn(5, 3, requires_grad=True)
labels = torch.tensor([0, 2, -100, 1, 2])
weights = torch.tensor([1.0, 2.0, 0.5])
ce = nn.CrossEntropyLoss(weight=weights, ignore_index=-100)
loss = ce(logits, labels)
nll = nn.NLLLoss(weight=weights)(F.log_softmax(logits, dim=1), labels)
per_sample = F.cross_entropy(logits, labels, reduction="none")
print(f"{loss.item():.6f} {nll.item():.6f}")
print(per_sample)
loss.backward()
print(logits.grad)
print(logits.grad[2].abs().sum().item() == 0.0)
pos = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))
print(pos(torch.tensor([0.2, -1.0]), torch.tensor([1.0, 0.0])))
