import torch
m = torch.ones(2, 3)
m[0] = 5
m[1, 2] = -1.0
m[:, 0] = torch.tensor([7.0, 8.0])
print(m)
w = torch.ones(3, requires_grad=True)
with torch.no_grad():
    w[1] = 0.0
print(w)
