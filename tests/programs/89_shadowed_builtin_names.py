import torch

input = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
sum = 0.0
for i in range(3):
    sum += input[i].item()
max = input.max()

max.backward()
print(sum, max)
print(input.grad)
