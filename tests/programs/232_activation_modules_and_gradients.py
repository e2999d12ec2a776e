import torch
import torch.nn as nn

# Activation layers as modules: their outputs and the gradients they pass back.
x = torch.linspace(-2, 2, 5, requires_grad=True)
for act in [nn.ReLU(), nn.LeakyReLU(0.1), nn.Tanh(), nn.Sigmoid(), nn.GELU(), nn.GELU(approximate="tanh"), nn.Identity()]:
    out = act(x)
    (grad,) = torch.autograd.grad(out.sum(), x)
    print(act)
    print("  out ", out)
    print("  grad", grad)

scores = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], requires_grad=True)
probs = nn.Softmax(dim=1)(scores)
log_probs = nn.LogSoftmax(dim=1)(scores)
print(probs, log_probs.exp())
log_probs[0, 2].backward()
print(scores.grad)
flat = nn.Flatten()(torch.zeros(2, 3, 4))
print(flat.shape, nn.Flatten(0, 1)(torch.zeros(2, 3, 4)).shape)
