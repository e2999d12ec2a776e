import torch

# The in-place errors a learner meets on a leaf that requires grad, each caught and shown.
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)


def set_first():
    w[0] = 5.0


attempts = {
    "item assignment": set_first,
    "zero_()": lambda: w.zero_(),
    "view then add_": lambda: w[:2].add_(1.0),
    "clamp_()": lambda: w.clamp_(max=2.0),
}
for name, attempt in attempts.items():
    try:
        attempt()
        print(name, "worked")
    except RuntimeError as e:
        print(f"{name}: {e}")
print(w)
with torch.no_grad():
    w[0] = 5.0
    w.clamp_(max=4.0)
print(w, w.is_leaf, w.requires_grad)
w.data[1] = -1.0
(w**2).sum().backward()
print(w.grad)
