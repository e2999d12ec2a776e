import torch
from torch import nn

# What each layer prints: its name and the arguments that shape it, exactly as PyTorch shows them.
layers = [
    nn.Linear(4, 2, bias=False),
    nn.Bilinear(3, 5, 2),
    nn.Conv1d(2, 4, 3, stride=2),
    nn.Conv2d(1, 8, kernel_size=3, padding=1),
    nn.MaxPool1d(2),
    nn.MaxPool2d(2, stride=1),
    nn.AvgPool2d(3),
    nn.BatchNorm1d(6),
    nn.BatchNorm2d(3, momentum=0.2),
    nn.LayerNorm(5),
    nn.Embedding(10, 4),
    nn.RNN(3, 5),
    nn.LSTM(3, 6, num_layers=2, batch_first=True),
    nn.GRU(4, 4, bidirectional=True),
    nn.RNNCell(3, 2),
    nn.LSTMCell(3, 2),
    nn.GRUCell(3, 2),
    nn.ReLU(),
    nn.LeakyReLU(0.2),
    nn.Tanh(),
    nn.Sigmoid(),
    nn.GELU(),
    nn.Softmax(dim=1),
    nn.LogSoftmax(dim=-1),
    nn.Flatten(),
    nn.Dropout(0.25),
    nn.Identity(),
]
for layer in layers:
    print(layer)
print(nn.MSELoss(), nn.CrossEntropyLoss(label_smoothing=0.1), nn.BCEWithLogitsLoss())
