import torch

# Momentum written out, next to torch.optim.SGD(momentum=0.9): the same path.
def loss_of(p):
    return (p[0] - 1) ** 2 + 10 * (p[1] + 2) ** 2

mine = torch.tensor([0.0, 0.0], requires_grad=True)
ref = torch.tensor([0.0, 0.0], requires_grad=True)
velocity = torch.zeros(2)
opt = torch.optim.SGD([ref], lr=0.01, momentum=0.9)
lr, beta = 0.01, 0.9

for step in range(25):
    loss = loss_of(mine)
    loss.backward()
    with torch.no_grad():
        velocity = beta * velocity + mine.grad if step > 0 else mine.grad.clone()
        mine -= lr * velocity
    mine.grad.zero_()

    opt.zero_grad()
    loss_of(ref).backward()
    opt.step()

print("by hand:", mine)
print("SGD    :", ref)
print("same path:", (mine - ref).abs().max().item() < 1e-6)
