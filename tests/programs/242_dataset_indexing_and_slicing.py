import torch
from torch.utils.data import DataLoader, TensorDataset

# A dataset is indexed like a list of (input, target) pairs; a loader batches those pairs.
torch.manual_seed(0)
inputs = torch.arange(12.0).reshape(6, 2)
targets = torch.tensor([0, 1, 0, 1, 1, 0])
dataset = TensorDataset(inputs, targets)
print(len(dataset))
x0, y0 = dataset[0]
print(x0, y0)
print(dataset[-1])
print(dataset[1:3])
features, labels = dataset.tensors
print(features.shape, labels.sum())
for x, y in dataset:
    if y == 1:
        print("positive", x)
loader = DataLoader(dataset, batch_size=4, shuffle=True)
print(loader.batch_size, len(loader), loader.dataset is dataset)
for epoch in range(2):
    print([yb.tolist() for _, yb in loader])
pairs = list(zip(inputs, targets))
for xb, yb in DataLoader(pairs, batch_size=3):
    print(xb.shape, yb)
