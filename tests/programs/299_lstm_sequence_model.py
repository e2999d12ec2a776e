import torch
import torch.nn as nn

# A sequence model: an LSTM reads a short sequence and a Linear reads its last hidden state.
torch.manual_seed(0)

class SequenceRegressor(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, seq):
        outputs, (h, c) = self.lstm(seq)
        return self.out(outputs[:, -1, :])

# Each sequence is 5 steps of a ramp; the target is the next value.
starts = torch.tensor([[0.0], [0.2], [0.4], [0.6]])
seq = (starts + 0.1 * torch.arange(5.0)).unsqueeze(2)
target = starts + 0.5
model = SequenceRegressor(6)
print(model)
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(20):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(seq), target)
    loss.backward()
    opt.step()
    if step % 5 == 4:
        print(step + 1, f"{loss.item():.5f}")
print(model(seq).detach().flatten())
print(model.out.bias.grad)
