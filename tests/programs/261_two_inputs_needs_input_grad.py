import torch

# A custom multiply-add of two inputs that computes only the gradients autograd asks for.
class MulAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b + a

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        grad_a = grad_b = None
        print("needs_input_grad:", ctx.needs_input_grad)
        if ctx.needs_input_grad[0]:
            grad_a = grad_output * (b + 1)
        if ctx.needs_input_grad[1]:
            grad_b = grad_output * a
        return grad_a, grad_b

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
out = MulAdd.apply(a, b).sum()
out.backward()
print(out, a.grad, b.grad)

c = torch.tensor([4.0, 5.0, 6.0])
out2 = MulAdd.apply(a, c).sum()
out2.backward()
print(out2, a.grad, c.grad)
