# expect-error: runtime_error line 21
import torch

# A custom Function of two inputs whose backward returns one gradient: autograd counts them and refuses.
class Product(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output * b

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0], requires_grad=True)
p = Product.apply(a, b)
print(p)
total = p.sum()
total.backward()
print("never printed")
