import torch

# A statement that raises inside `try` still ran: the learner sees its line, then the handler.
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x * x).sum()
y.backward()
for attempt in range(2):
    try:
        y.backward()
        print("never printed")
    except RuntimeError as e:
        print(attempt, "second backward:", str(e).split(".")[0])
print(x.grad)

def checked_mean(t):
    assert t.dim() == 1, "expects a vector"
    return t.mean()

m = torch.ones(2, 2, requires_grad=True)
try:
    z = checked_mean(m)
except AssertionError as e:
    print("refused:", e)
    z = checked_mean(m.flatten())
z.backward()
print(z, m.grad)

scores = {"a": 1.0}
try:
    bonus = scores["b"]
except KeyError as e:
    bonus = 0.0
    print("missing", e)
finally:
    print("bonus", bonus)
