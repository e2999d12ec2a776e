x = torch.rand((4,3))
y = torch.rand((4,1))

w1 = torch.rand((3,5),requires_grad=True)
b1 = torch.zeros(5,requires_grad=True)
w2 = torch.rand((5,1),requires_grad=True)
b2 = torch.zeros(1,requires_grad=True)
optimizer = torch.optim.SGD([w1,b1,w2,b2],lr=0.1)

for step in range(3):
    hidden = torch.relu(x @ w1 + b1)
    prediction = hidden @ w2 + b2
    loss = ((prediction - y)**2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step}: loss {loss}")
