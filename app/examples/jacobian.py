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
