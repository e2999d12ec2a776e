# expect-error: runtime_error line 19
import torch

# A custom Function whose backward returns a gradient of the wrong shape: autograd checks it against the input.
class Double(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad_output):
        return (grad_output * 2).sum()

x = torch.ones(3, requires_grad=True)
y = Double.apply(x)
print(y)
loss = (y ** 2).sum()
print(loss)
loss.backward()
print("never printed")
