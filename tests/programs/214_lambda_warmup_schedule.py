import torch
import torch.nn as nn

# A warm-up schedule written as the program's own function: LambdaLR multiplies the initial lr by it.
def warmup(epoch):
    if epoch < 3:
        return (epoch + 1) / 3
    return 0.9 ** (epoch - 2)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.3)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=warmup)
x = torch.randn(8, 2)
y = x[:, :1] * 3
loss_fn = nn.MSELoss()
for epoch in range(7):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(f"epoch {epoch} lr {scheduler.get_last_lr()[0]:.4f} loss {loss.item():.4f}")

halving = torch.optim.lr_scheduler.LambdaLR(torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0), lambda e: 0.5 ** e)
print(halving.get_last_lr())
