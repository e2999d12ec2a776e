import torch
import torch.nn as nn

# A full backward hook on a layer sees the gradients flowing out of and into it.
torch.manual_seed(0)
layer = nn.Linear(3, 2)
log = []


def report(module, grad_input, grad_output):
    log.append([g.shape for g in grad_output])
    print("grad_output:", grad_output[0])
    print("grad_input:", grad_input[0])


handle = layer.register_full_backward_hook(report)
x = torch.randn(4, 3, requires_grad=True)
y = layer(x).pow(2).sum()
y.backward()
print(log)
print(x.grad)
handle.remove()
