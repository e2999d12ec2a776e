x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 2).sum()
y.backward()  # frees what the graph saved
print(x.grad)

try:
    y.backward()  # the graph is freed
except RuntimeError as e:
    print(e)

x.grad.zero_()
y = (x ** 2).sum()
y.backward(retain_graph=True)  # keep it
y.backward()  # runs: gradients add up
print(x.grad)
