import torch
import torch.nn as nn

# Word vectors: an Embedding looked up by index, averaged per sentence, then a linear classifier.
torch.manual_seed(0)
vocabulary = {"good": 0, "great": 1, "bad": 2, "awful": 3, "movie": 4, "plot": 5}
sentences = [["good", "movie"], ["awful", "plot"], ["great", "plot"], ["bad", "movie"]]
labels = torch.tensor([1, 0, 1, 0])
ids = torch.tensor([[vocabulary[w] for w in s] for s in sentences])
print(ids)

embed = nn.Embedding(len(vocabulary), 3)
classify = nn.Linear(3, 2)
vectors = embed(ids)
print(vectors.shape)
sentence_vectors = vectors.mean(dim=1)
loss = nn.CrossEntropyLoss()(classify(sentence_vectors), labels)
loss.backward()
print(loss)
print(embed.weight.grad)
print(embed.weight.grad[4], embed.num_embeddings, embed.embedding_dim)

optimizer = torch.optim.Adam(list(embed.parameters()) + list(classify.parameters()), lr=0.1)
for step in range(20):
    optimizer.zero_grad()
    loss = nn.CrossEntropyLoss()(classify(embed(ids).mean(dim=1)), labels)
    loss.backward()
    optimizer.step()
print(round(loss.item(), 4), classify(embed(ids).mean(dim=1)).argmax(dim=1))
padded = nn.Embedding(4, 2, padding_idx=0)
print(padded(torch.tensor([0, 3])))
