weight = torch.rand((2,2),requires_grad=True)

print(f"___________________before__________________________")
print(weight)

weight.requires_grad_(False)
print(f"___________________after__________________________")
print(weight)
