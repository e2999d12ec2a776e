import torch

def check_shape(t, n):
    if t.shape[0] != n:
        raise ValueError(f"expected {n} rows, got {t.shape[0]}")
    return t.sum()

a = torch.ones(3, requires_grad=True)
for n in (3, 4):
    try:
        s = check_shape(a, n)
        print("ok", s)
    except (TypeError, ValueError) as err:
        print("refused:", err)

try:
    bad = torch.ones(2) @ torch.ones(3)
except Exception as err:
    print(isinstance(err, RuntimeError))
    print(err)

try:
    print(1 / 0)
except ZeroDivisionError:
    print("division by zero caught")

try:
    try:
        missing = {"a": 1}["b"]
    except KeyError as err:
        print("inner", err)
        raise
except LookupError as err:
    print("outer caught it again:", err)
