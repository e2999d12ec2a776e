import torch

# detach_() cuts a tensor from the graph in place; a tensor made under inference_mode cannot join a graph.
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x * 2
print(h.requires_grad, h.is_leaf)
h.detach_()
print(h.requires_grad, h.is_leaf, h.grad_fn)
h.requires_grad_()
loss = (h * x).sum()
loss.backward()
print(x.grad, h.grad)

with torch.inference_mode():
    frozen = x * 10
print(frozen.requires_grad, frozen.is_inference())
try:
    bad = (frozen * x).sum()
    bad.backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split(".")[0])
copy = frozen.clone()
print(copy.is_inference())
