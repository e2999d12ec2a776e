import torch
# pasted from a Windows notebook: every line ends in CRLF
weights = torch.rand(size=(2,2),requires_grad=True)

for i in range(2):
    output = (weights*3).sum()
    output.backward()
    print(f"iteration {i}: {weights.grad}")
    weights.grad.zero_()
