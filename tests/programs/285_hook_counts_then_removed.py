import torch

# A hook records the gradient norm at each training step; after three steps its handle removes it.
torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
target = torch.tensor([1.0, 0.0, -1.0])
norms = []

def record(grad):
    norms.append(round(grad.norm().item(), 4))

handle = w.register_hook(record)
for step in range(6):
    loss = ((w - target) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.25 * w.grad
    w.grad.zero_()
    if step == 2:
        handle.remove()
        print("hook removed after step", step)
print("recorded:", norms)
print("w:", w)
print("loss:", loss)
