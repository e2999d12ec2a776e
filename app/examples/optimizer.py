weights = torch.rand(3,requires_grad=True,dtype=torch.float)
optimizer = torch.optim.SGD([weights],lr=.01)

loss = (weights * 2).sum()
loss.backward()
print(f"grad: {weights.grad}")

optimizer.step()
print(f"weights after step: {weights}")

optimizer.zero_grad()
print(f"grad after zero_grad: {weights.grad}")
