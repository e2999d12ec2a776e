import torch
import torch.nn as nn

# A first model: fit y = 2x - 1 with a small Sequential network, MSELoss and SGD.
torch.manual_seed(0)
x = torch.linspace(-1, 1, 16).unsqueeze(1)
y = 2 * x - 1

model = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
print(model)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for step in range(60):
    prediction = model(x)
    loss = loss_fn(prediction, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 15 == 0:
        print(f"step {step:2d}  loss {loss.item():.5f}")

print("final loss", loss)
print(model[0].weight.grad)
print(model[2].bias)
with torch.no_grad():
    print(model(torch.tensor([[0.5]])))
