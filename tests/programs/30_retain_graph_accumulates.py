import torch

x = torch.tensor([1.0, -1.0, 2.0], requires_grad=True)
y = (x ** 2).sum()

y.backward(retain_graph=True)
print(f"after first backward:  {x.grad}")

y.backward(retain_graph=True)
print(f"after second backward: {x.grad}")

x.grad.zero_()
y.backward()
print(f"after zero_ and third: {x.grad}")
