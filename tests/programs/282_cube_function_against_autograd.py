import torch

# A custom cube Function, its hand-written derivative 3x^2 checked against autograd's at several points.
class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return 3 * x ** 2 * grad_output

def check(values):
    x = torch.tensor(values, requires_grad=True)
    Cube.apply(x).sum().backward()
    mine = x.grad.clone()
    x.grad = None
    (x ** 3).sum().backward()
    return mine, x.grad

for values in ([1.0, 2.0], [-1.5, 0.0, 0.5], [10.0]):
    mine, theirs = check(values)
    print(mine, theirs, torch.equal(mine, theirs))

x = torch.tensor([0.5, -2.0], requires_grad=True)
y = Cube.apply(Cube.apply(x))
y.sum().backward()
print("x^9 by two cubes:", y, x.grad)
print("9 x^8:", 9 * x.detach() ** 8)
