a = torch.rand((2,3),requires_grad=True)
b = torch.rand((3,2))
c = a * 2
d = c + b
print(d)
