import torch
import torch.nn as nn

# A tiny character model: Embedding, LSTM and Linear learn which letter follows which in one word.
torch.manual_seed(0)
text = "hello"
letters = sorted(set(text))
index = {ch: i for i, ch in enumerate(letters)}
inputs = torch.tensor([[index[ch] for ch in text[:-1]]])
targets = torch.tensor([index[ch] for ch in text[1:]])
print(letters, inputs, targets)

embed = nn.Embedding(len(letters), 4)
lstm = nn.LSTM(4, 8, batch_first=True)
out_layer = nn.Linear(8, len(letters))
model = nn.ModuleList([embed, lstm, out_layer])
optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
for step in range(24):
    hidden, _ = lstm(embed(inputs))
    logits = out_layer(hidden[0])
    loss = nn.CrossEntropyLoss()(logits, targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(round(loss.item(), 4))
predicted = "".join(letters[i] for i in logits.argmax(dim=1).tolist())
print(text[0] + predicted)
