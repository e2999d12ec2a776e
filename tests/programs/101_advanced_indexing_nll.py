import torch
import torch.nn.functional as F
logits = torch.rand(4, 3, requires_grad=True)
labels = torch.tensor([0, 2, 1, 1])
lp = F.log_softmax(logits, dim=1)
loss = -lp[torch.arange(4), labels].mean()
loss.backward()
print(loss, logits.grad)
picked = logits[labels]
print(picked.shape)
