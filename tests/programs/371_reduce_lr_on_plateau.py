import torch

# ReduceLROnPlateau halves the learning rate when the validation loss stops improving.
torch.manual_seed(0)
w = torch.tensor([4.0, -3.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=1.05)
sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1)
for epoch in range(10):
    opt.zero_grad()
    loss = (w**2).sum()
    loss.backward()
    opt.step()
    val_loss = (w**2).sum().item()
    sched.step(val_loss)
    lr = opt.param_groups[0]["lr"]
    print(f"epoch {epoch}: val {val_loss:8.4f} lr {lr:.4f}")
print(w)
