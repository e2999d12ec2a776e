"""The example programs offered on the page: every code cell of the seed notebook, then a few more.

Plain data only (no imports from the app); served to the page and used by the tests as a corpus.
"""

from __future__ import annotations

from typing import TypedDict


class Example(TypedDict):
    """One entry of the examples menu."""

    id: str
    title: str
    source: str


def _src(text: str) -> str:
    # Sources are written as indented triple-quoted strings below; keep them exactly as a user would type them.
    lines = text.strip("\n").splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


EXAMPLES: list[Example] = [
    {
        "id": "gradient",
        "title": "How gradient is used",
        "source": _src(
            """
x = torch.rand((2,3,4),requires_grad=True)


a = x + 2

b = a*2

c = b**2

d = c.mean()

print(f"x: {x}")
print(f"a: {a}")
print(f"b: {b}")
print(f"c: {c}")
print(f"d: {d}")

back_ward=d.backward() # d(d)/d(x)

grad = x.grad

print(f"back_ward: {back_ward}")
print(f"grad: {grad}")
"""
        ),
    },
    {
        "id": "jacobian",
        "title": "jacobian matrix with loss function",
        "source": _src(
            """
input = torch.rand((2,3,4),requires_grad=True,dtype=torch.float32)


a = input + 2

b = a*2

output= b**2


print(f"input: {input}")
print(f"a: {a}")
print(f"b: {b}")
print(f"output: {output}")

# loss must me multiplied with the jocobian matrix to calculate the gradients
loss = torch.rand((2,3,4),dtype=torch.float32)

# calculating the gradient for backpropagation
output.backward(loss) # d(output)/d(loss)*d(loss)/d(inputs)

grad = input.grad

print(f"grad: {grad}")
"""
        ),
    },
    {
        "id": "requires-grad-false",
        "title": "removing require gradient: requires_grad_(False)",
        "source": _src(
            """
weight = torch.rand((2,2),requires_grad=True)

print(f"___________________before__________________________")
print(weight)

weight.requires_grad_(False)
print(f"___________________after__________________________")
print(weight)
"""
        ),
    },
    {
        "id": "detach",
        "title": "removing require gradient: detach()",
        "source": _src(
            """
weight = torch.rand((2,2),requires_grad=True)

print(f"___________________before__________________________")
print(weight)

new_weight = weight.detach()
print(f"___________________after__________________________")
print(new_weight)
"""
        ),
    },
    {
        "id": "no-grad",
        "title": "removing require gradient: no_grad()",
        "source": _src(
            """
weight = torch.rand((2,2),requires_grad=True)

print(f"___________________before__________________________")
print(weight)

with torch.no_grad():
    print(f"___________________after__________________________")
    a = weight + 2
    b = a*a

    print(a)
    print(b)
"""
        ),
    },
    {
        "id": "accumulation",
        "title": "avoiding accumulation of gradient",
        "source": _src(
            """
weights = torch.rand(size=(3,3),requires_grad=True)
print(f"weights: {weights}")


for i in range(3):
    print(f"------------------------iteration--{i}--------------------------")
    output = (weights*3).sum()


    print(f"output: {output}")

    error  = torch.tensor(1)
    output.backward(error)


    grad = weights.grad
    print(f"grad: {grad}")
    # must call grad.zero_() in each epoch to avoid accumulation
    weights.grad.zero_()
"""
        ),
    },
    {
        # The notebook's last cell is commented out and would fail as written (SGD wants a list of
        # tensors, and the method is zero_grad); this is the corrected version.
        "id": "optimizer",
        "title": "optimizer step and zero_grad",
        "source": _src(
            """
weights = torch.rand(3,requires_grad=True,dtype=torch.float)
optimizer = torch.optim.SGD([weights],lr=.01)

loss = (weights * 2).sum()
loss.backward()
print(f"grad: {weights.grad}")

optimizer.step()
print(f"weights after step: {weights}")

optimizer.zero_grad()
print(f"grad after zero_grad: {weights.grad}")
"""
        ),
    },
    {
        "id": "two-layer",
        "title": "a two-layer network trained with SGD",
        "source": _src(
            """
x = torch.rand((4,3))
y = torch.rand((4,1))

w1 = torch.rand((3,5),requires_grad=True)
b1 = torch.zeros(5,requires_grad=True)
w2 = torch.rand((5,1),requires_grad=True)
b2 = torch.zeros(1,requires_grad=True)
optimizer = torch.optim.SGD([w1,b1,w2,b2],lr=0.1)

for step in range(3):
    hidden = torch.relu(x @ w1 + b1)
    prediction = hidden @ w2 + b2
    loss = ((prediction - y)**2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step}: loss {loss}")
"""
        ),
    },
    {
        "id": "softmax-cross-entropy",
        "title": "softmax and cross-entropy",
        "source": _src(
            """
logits = torch.tensor([[2.0,1.0,0.1],[0.5,2.5,0.3]],requires_grad=True)
labels = torch.tensor([0,1])

probs = torch.softmax(logits,dim=1)
print(f"probs: {probs}")

loss = torch.nn.functional.cross_entropy(logits,labels)
print(f"loss: {loss}")

loss.backward()
# the gradient is (softmax - one-hot) / batch size
print(f"grad: {logits.grad}")
"""
        ),
    },
    {
        "id": "cutting-the-graph",
        "title": "detach vs no_grad vs requires_grad_(False)",
        "source": _src(
            """
w = torch.rand((2,2),requires_grad=True)

# detach(): a new tensor sharing the data, outside the graph
d = w.detach()
a = d * 2
print(f"detach: {a.requires_grad}")

# no_grad(): nothing computed inside is recorded
with torch.no_grad():
    b = w * 2
print(f"no_grad: {b.requires_grad}")

# requires_grad_(False): the leaf itself stops being tracked
c = w * 2
w.requires_grad_(False)
e = w * 2
print(f"before: {c.requires_grad}, after: {e.requires_grad}")
"""
        ),
    },
    {
        # Runs until line 4 and stops there: the steps before the error stay explorable.
        "id": "runtime-error",
        "title": "an error: shapes that do not broadcast",
        "source": _src(
            """
a = torch.rand((2,3),requires_grad=True)
b = torch.rand((3,2))
c = a * 2
d = c + b
print(d)
"""
        ),
    },
]

# Examples meant to stop with an error (the others must run cleanly).
FAILING = frozenset({"runtime-error"})


def example_by_id(example_id: str) -> Example | None:
    """The example with this id, or None."""
    return next((e for e in EXAMPLES if e["id"] == example_id), None)
