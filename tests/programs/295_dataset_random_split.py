import torch
from torch.utils.data import Dataset, DataLoader, random_split

# A Dataset subclass of noisy points split 8/4 with random_split, trained on one part and scored on the other.
torch.manual_seed(0)

class NoisyLine(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = 0.5 * self.x - 0.2 + 0.05 * torch.randn(n, 1)

    def __len__(self):
        return self.x.shape[0]

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]

full = NoisyLine(12)
train_set, test_set = random_split(full, [8, 4])
print(len(train_set), len(test_set))
print("test indices:", test_set.indices)

model = torch.nn.Linear(1, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(10):
    for batch, (xb, yb) in enumerate(DataLoader(train_set, batch_size=4)):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        opt.step()
print("train loss", round(loss.item(), 5), "batches per epoch", batch + 1)
xt, yt = next(iter(DataLoader(test_set, batch_size=4)))
print("test loss", round(torch.nn.functional.mse_loss(model(xt), yt).item(), 5))
print(model.weight.item(), model.bias.item())
