x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 2).sum()
y.backward()  # frees the tensors the graph saved
print(x.grad)

try:
    y.backward()  # a second pass through the freed graph
except RuntimeError as e:
    print(e)

x.grad.zero_()
y = (x ** 2).sum()
y.backward(retain_graph=True)  # keeps the saved tensors
y.backward()  # so this pass runs, and the gradients add up
print(x.grad)
