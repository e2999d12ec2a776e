import torch

# Fit a cubic: the model is a closure over its coefficient tensor.
def make_polynomial(degree):
    coeffs = torch.zeros(degree + 1, requires_grad=True)

    def model(x):
        powers = x.unsqueeze(1) ** torch.arange(degree + 1)
        return powers @ coeffs

    return model, coeffs

torch.manual_seed(0)
x = torch.linspace(-1, 1, 16)
y = 0.5 - x + 2 * x ** 3 + 0.05 * torch.randn(16)

model, coeffs = make_polynomial(3)
optimizer = torch.optim.Adam([coeffs], lr=0.1)
for epoch in range(150):
    optimizer.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d} loss {loss.item():.5f}")

print("coefficients:", [round(c, 3) for c in coeffs.tolist()])
print(f"final loss {loss.item():.6f}")
