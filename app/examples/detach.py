weight = torch.rand((2,2),requires_grad=True)

print(f"___________________before__________________________")
print(weight)

new_weight = weight.detach()
print(f"___________________after__________________________")
print(new_weight)
