import torch

target = torch.tensor([1.0, -2.0, 0.5])
params = torch.randn(3, requires_grad=True)
opt = torch.optim.Adam([params], lr=0.1)

print("start:", params)
for i in range(4):
    opt.zero_grad()
    loss = ((params - target) ** 2).sum()
    loss.backward()
    opt.step()
    print(i, round(loss.item(), 4))

print("end:", params)
print(params.grad)
