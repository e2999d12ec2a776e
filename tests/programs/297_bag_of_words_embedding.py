import torch
import torch.nn as nn

# A text classifier as the tutorials build it: word ids, an Embedding, the mean over the sentence, a Linear.
torch.manual_seed(0)
vocab = {"good": 0, "great": 1, "bad": 2, "awful": 3, "movie": 4, "plot": 5}

class BagOfWords(nn.Module):
    def __init__(self, vocab_size, dim, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim)
        self.fc = nn.Linear(dim, classes)

    def forward(self, ids):
        return self.fc(self.embedding(ids).mean(dim=1))

def encode(sentence):
    return [vocab[word] for word in sentence.split()]

sentences = ["good movie", "great plot", "bad movie", "awful plot"]
ids = torch.tensor([encode(s) for s in sentences])
labels = torch.tensor([1, 1, 0, 0])
model = BagOfWords(len(vocab), 4, 2)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
for epoch in range(20):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(ids), labels)
    loss.backward()
    opt.step()
print("loss", round(loss.item(), 5))
test = torch.tensor([encode("great movie"), encode("awful movie")])
print(model(test).argmax(dim=1))
print(model.embedding.weight.grad[4])
