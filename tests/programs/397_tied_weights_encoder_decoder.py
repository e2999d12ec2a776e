import torch
import torch.nn as nn

# Weight tying: the decoder reuses the embedding's weight, so the model counts and updates it once.
torch.manual_seed(0)


class TinyLM(nn.Module):
    def __init__(self, vocab, dim):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.decoder = nn.Linear(dim, vocab, bias=False)
        self.decoder.weight = self.embed.weight

    def forward(self, tokens):
        return self.decoder(torch.tanh(self.embed(tokens)))


model = TinyLM(5, 3)
print(sum(p.numel() for p in model.parameters()), len(list(model.named_parameters())))
print(model.decoder.weight is model.embed.weight)
tokens = torch.tensor([0, 1, 2, 3])
targets = torch.tensor([1, 2, 3, 4])
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(tokens), targets)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4))
print(model.embed.weight)
