import torch
import torch.nn as nn

# Classify sequences as rising or falling: a GRU reads each one, a Linear layer scores its last hidden state.
torch.manual_seed(0)
steps = torch.linspace(0, 1, 6)
rising = steps.unsqueeze(0) * torch.rand(8, 1) + 0.1 * torch.randn(8, 6)
falling = -steps.unsqueeze(0) * torch.rand(8, 1) + 0.1 * torch.randn(8, 6)
sequences = torch.cat([rising, falling]).unsqueeze(2)
labels = torch.cat([torch.ones(8), torch.zeros(8)]).long()

gru = nn.GRU(input_size=1, hidden_size=4, batch_first=True)
classifier = nn.Linear(4, 2)
parameters = list(gru.parameters()) + list(classifier.parameters())
optimizer = torch.optim.Adam(parameters, lr=0.1)
for epoch in range(12):
    _, hidden = gru(sequences)
    logits = classifier(hidden[-1])
    loss = nn.functional.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
accuracy = (logits.argmax(dim=1) == labels).float().mean()
print(f"loss {loss.item():.4f} accuracy {accuracy.item():.3f}")
print(hidden.shape, gru)
print(sum(p.numel() for p in parameters))
