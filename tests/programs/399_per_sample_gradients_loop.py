import torch

# Per-sample gradient norms, one autograd.grad call per example, as privacy and data-pruning tutorials show.
torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
x = torch.randn(5, 3)
y = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0])
norms = []
grads = []
for i in range(len(x)):
    loss_i = torch.nn.functional.binary_cross_entropy_with_logits(x[i] @ w, y[i])
    (g,) = torch.autograd.grad(loss_i, w)
    grads.append(g)
    norms.append(g.norm().item())
mean_grad = torch.stack(grads).mean(dim=0)
full = torch.nn.functional.binary_cross_entropy_with_logits(x @ w, y)
full.backward()
print([f"{n:.4f}" for n in norms])
print(mean_grad, w.grad, torch.allclose(mean_grad, w.grad))
clipped = [g * min(1.0, 0.5 / n) for g, n in zip(grads, norms)]
print(torch.stack(clipped).norm(dim=1))
