import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence

# Sentences of different lengths padded into one batch, embedded, and averaged over their real tokens.
torch.manual_seed(0)
sentences = [torch.tensor([1, 4, 2]), torch.tensor([3]), torch.tensor([5, 2])]
lengths = torch.tensor([len(s) for s in sentences])
batch = pad_sequence(sentences, batch_first=True, padding_value=0)
print(batch)
emb = nn.Embedding(6, 4, padding_idx=0)
mask = (batch != 0).unsqueeze(-1).float()
mean = (emb(batch) * mask).sum(dim=1) / lengths.unsqueeze(1)
head = nn.Linear(4, 1)
loss = head(mean).pow(2).mean()
loss.backward()
print(mean.shape, f"{loss.item():.4f}")
print(emb.weight.grad[0], emb.weight.grad[2])
