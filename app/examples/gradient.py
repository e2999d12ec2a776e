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
