import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x ** 2).sum()
y.backward()
try:
    y.backward()
except RuntimeError as e:
    print("second backward failed:")
    print(e)
else:
    print("never printed")
finally:
    print("x.grad is still", x.grad)

z = (x ** 2).sum()
z.backward(retain_graph=True)
z.backward()
print("with retain_graph=True:", x.grad)
