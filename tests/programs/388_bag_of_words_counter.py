import torch
import torch.nn as nn
from collections import Counter

# A tiny bag-of-words classifier: a vocabulary from a Counter, sentences as count vectors.
torch.manual_seed(0)
sentences = ["good movie", "great fun movie", "bad plot", "boring bad movie", "good fun"]
labels = torch.tensor([1.0, 1.0, 0.0, 0.0, 1.0])
counts = Counter(word for s in sentences for word in s.split())
vocab = {word: i for i, (word, _) in enumerate(counts.most_common())}
print(counts.most_common(3))
print(vocab)


def encode(sentence):
    v = torch.zeros(len(vocab))
    for word in sentence.lower().split():
        if word in vocab:
            v[vocab[word]] += 1
    return v


x = torch.stack([encode(s) for s in sentences])
model = nn.Linear(len(vocab), 1)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(50):
    opt.zero_grad()
    loss = nn.functional.binary_cross_entropy_with_logits(model(x).squeeze(1), labels)
    loss.backward()
    opt.step()
print(f"loss {loss.item():.4f}")
for s in ["Good plot", "boring movie"]:
    p = torch.sigmoid(model(encode(s))).item()
    print(f"{s!r:>16} -> {p:.3f}")
