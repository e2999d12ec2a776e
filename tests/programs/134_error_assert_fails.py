# expect-error: runtime_error line 8
import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = (a * a).sum()
b.backward()
print(a.grad)
assert a.grad.sum() > 10, f"gradient sum is only {a.grad.sum().item()}"
print("never printed")
