import math

import torch

# A scalar autograd engine in plain Python, micrograd style, checked against torch.


class Value:
    def __init__(self, data, parents=(), op=""):
        self.data = data
        self.grad = 0.0
        self.parents = parents
        self.op = op
        self.backward_fn = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward_fn():
            self.grad += out.grad
            other.grad += out.grad

        out.backward_fn = backward_fn
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def backward_fn():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out.backward_fn = backward_fn
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def backward_fn():
            self.grad += (1 - t * t) * out.grad

        out.backward_fn = backward_fn
        return out

    def __repr__(self):
        return f"Value(data={self.data:.4f}, grad={self.grad:.4f})"

    def backward(self):
        order, seen = [], set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for p in v.parents:
                    build(p)
                order.append(v)

        build(self)
        self.grad = 1.0
        for v in reversed(order):
            v.backward_fn()


a, b = Value(2.0), Value(-3.0)
out = (a * b + a * 1.5).tanh()
out.backward()
print(a, b, out)

ta = torch.tensor(2.0, requires_grad=True)
tb = torch.tensor(-3.0, requires_grad=True)
tout = (ta * tb + ta * 1.5).tanh()
tout.backward()
print(f"{ta.grad.item():.4f} {tb.grad.item():.4f}")
