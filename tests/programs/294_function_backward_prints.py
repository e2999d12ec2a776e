import torch

# A custom square Function whose backward prints what autograd hands it, run twice with retain_graph=True.
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        print("forward on", x.shape)
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        print("backward got", grad_output)
        return 2 * x * grad_output

x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
s = Square.apply(x)
loss = (s * torch.tensor([1.0, 0.5, 0.1])).sum()
loss.backward(retain_graph=True)
print("first:", x.grad)
loss.backward()
print("accumulated:", x.grad)
