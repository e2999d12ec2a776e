weight = torch.rand((2,2),requires_grad=True)

print(f"___________________before__________________________")
print(weight)

with torch.no_grad():
    print(f"___________________after__________________________")
    a = weight + 2
    b = a*a

    print(a)
    print(b)
