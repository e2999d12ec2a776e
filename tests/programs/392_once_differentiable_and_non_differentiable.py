import torch
from torch.autograd.function import once_differentiable

# A Function returning a sorted copy and the order it used: the order is marked non-differentiable,
# and backward is declared once_differentiable.


class SortWithOrder(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        values, order = x.sort()
        ctx.save_for_backward(order)
        ctx.mark_non_differentiable(order)
        return values, order

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_values, grad_order):
        (order,) = ctx.saved_tensors
        grad_x = torch.zeros_like(grad_values)
        grad_x[order] = grad_values
        return grad_x


x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
values, order = SortWithOrder.apply(x)
print(values, order, order.requires_grad)
loss = (values * torch.tensor([1.0, 10.0, 100.0])).sum()
loss.backward()
print(x.grad)
