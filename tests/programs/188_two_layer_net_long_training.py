import torch

# A two-layer tanh network fitting sin(x), trained by hand for 1,000 steps inside a function.
torch.manual_seed(0)

def make_data(n):
    x = torch.linspace(-3, 3, n).unsqueeze(1)
    return x, torch.sin(x)

def init(hidden):
    W1 = (0.5 * torch.randn(1, hidden)).requires_grad_()
    W2 = (0.5 * torch.randn(hidden, 1)).requires_grad_()
    return [W1, torch.zeros(hidden, requires_grad=True), W2, torch.zeros(1, requires_grad=True)]

def forward(params, inputs):
    W1, b1, W2, b2 = params
    return torch.tanh(inputs @ W1 + b1) @ W2 + b2

def train(params, data, steps, lr=0.05):
    x, y = data
    opt = torch.optim.SGD(params, lr=lr)
    for step in range(steps):
        opt.zero_grad()
        loss = ((forward(params, x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        if step % 200 == 0 or step == steps - 1:
            print(f"step {step:4d}  loss {loss.item():.6f}")
    return loss.item()

data = make_data(24)
params = init(16)
final = train(params, data, 1000)
W1, b1, W2, b2 = params
print("final loss %.6f, largest error %.4f" % (final, (forward(params, data[0]) - data[1]).abs().max().item()))
