import torch

# A gradient penalty: the gradient of the critic's output with respect to its input, kept in the graph
# (create_graph=True), so that its norm can itself be trained on.
torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
x = torch.randn(4, 3, requires_grad=True)


def critic(inp):
    return torch.tanh(inp @ w)


for step in range(3):
    out = critic(x)
    (grad_x,) = torch.autograd.grad(
        outputs=out,
        inputs=x,
        grad_outputs=torch.ones_like(out),
        create_graph=True,
    )
    penalty = ((grad_x.norm(dim=1) - 1) ** 2).mean()
    loss = -out.mean() + 10 * penalty
    loss.backward()
    with torch.no_grad():
        w -= 0.05 * w.grad
    print(f"step {step}: penalty={penalty.item():.5f} loss={loss.item():.5f}")
    print("  grad_x requires grad:", grad_x.requires_grad, grad_x.grad_fn is not None)
    w.grad = None
print("x.grad accumulated:", x.grad)
print("w:", w)
