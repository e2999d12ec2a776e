import torch
import torch.nn as nn

# Predict the next value of a sine wave from the last five: an LSTM reads the window, a Linear reads its last
# state; the LSTM's gradients are clipped to norm 1 before each step.
torch.manual_seed(0)
wave = torch.sin(torch.linspace(0, 6.28, 30))
windows = torch.stack([wave[i : i + 5] for i in range(24)]).unsqueeze(2)
targets = wave[5:29].unsqueeze(1)
print(windows.shape, targets.shape)

lstm = nn.LSTM(input_size=1, hidden_size=8, batch_first=True)
head = nn.Linear(8, 1)
optimizer = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=0.05)
for epoch in range(10):
    output, (h_n, c_n) = lstm(windows)
    prediction = head(output[:, -1, :])
    loss = nn.functional.mse_loss(prediction, targets)
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(lstm.parameters(), max_norm=1.0)
    optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.5f} gradient norm before clipping {norm.item():.4f}")
print(output.shape, h_n.shape, c_n.shape)
print(torch.allclose(output[:, -1, :], h_n[0]))
for name, p in lstm.named_parameters():
    print(name, tuple(p.shape))
print(lstm.weight_hh_l0.grad.norm() > 0)
