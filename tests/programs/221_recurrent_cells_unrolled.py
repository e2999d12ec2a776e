import torch
import torch.nn as nn

# The cells behind RNN, LSTM and GRU, unrolled by hand over a short sequence.
torch.manual_seed(0)
sequence = torch.randn(4, 2, 3)
rnn_cell = nn.RNNCell(3, 5)
lstm_cell = nn.LSTMCell(3, 5)
gru_cell = nn.GRUCell(3, 5)

h = torch.zeros(2, 5)
for x in sequence:
    h = rnn_cell(x, h)
print(h)

h, c = torch.zeros(2, 5), torch.zeros(2, 5)
for x in sequence:
    h, c = lstm_cell(x, (h, c))
print(h.shape, c.shape, h[0])

h = gru_cell(sequence[0])
for x in sequence[1:]:
    h = gru_cell(x, h)
h.sum().backward()
print(gru_cell.weight_ih.grad.shape, gru_cell.bias_hh.grad[:3])

rnn = nn.RNN(3, 5)
out, h_n = rnn(sequence)
print(out.shape, h_n.shape)
gru = nn.GRU(3, 4, num_layers=2)
out, h_n = gru(sequence)
print(out.shape, h_n.shape)
