import torch

# Two in-place mistakes every learner makes, caught and explained.
w = torch.tensor([1.0, 2.0], requires_grad=True)
try:
    w += 1
except RuntimeError as e:
    print("in-place on a leaf:", str(e).split(",")[0])

def scaled_after_use(a):
    b = a.sigmoid()
    loss = (b * 2).sum()
    b.mul_(3)
    loss.backward()

a = torch.tensor([0.5, 1.5], requires_grad=True)
try:
    scaled_after_use(a)
except RuntimeError as e:
    print("saved tensor changed:", "modified by an inplace operation" in str(e))
finally:
    print("a.grad after the failure:", a.grad)

with torch.no_grad():
    w += 1
print("inside no_grad it works:", w)
loss = (a.sigmoid() * 2).sum()
loss.backward()
print(a.grad)
