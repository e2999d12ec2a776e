import torch

# Early stopping: keep the best validation loss, stop after `patience` epochs without improvement.
torch.manual_seed(4)
x_train, x_val = torch.randn(20, 1), torch.randn(8, 1)
y_train = 2 * x_train + 0.3 * torch.randn(20, 1)
y_val = 2 * x_val + 0.3 * torch.randn(8, 1)

w = torch.zeros(1, 1, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
best, best_epoch, patience, waited = float("inf"), -1, 3, 0
for epoch in range(200):
    opt.zero_grad()
    loss = ((x_train @ w - y_train) ** 2).mean()
    loss.backward()
    opt.step()
    with torch.no_grad():
        val = ((x_val @ w - y_val) ** 2).mean().item()
    if val < best - 1e-4:
        best, best_epoch, waited = val, epoch, 0
    else:
        waited += 1
        if waited >= patience:
            print(f"stopping at epoch {epoch}")
            break
else:
    print("ran every epoch")

print(f"best validation loss {best:.4f} at epoch {best_epoch}")
print(w)
