import torch
import torch.nn as nn

# A script laid out as tutorials ship them: functions, then main() behind the __name__ guard.


def make_data(n, seed=0):
    torch.manual_seed(seed)
    x = torch.rand(n, 1) * 4 - 2
    return x, 3 * x - 1


def main():
    x, y = make_data(32)
    model = nn.Linear(1, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(1, 41):
        opt.zero_grad()
        loss = nn.MSELoss()(model(x), y)
        loss.backward()
        opt.step()
        if epoch % 10 == 0:
            print(f"epoch {epoch:02d} | loss {loss.item():.5f}")
    w, b = model.weight.item(), model.bias.item()
    print(f"learned y = {w:.3f} x + {b:.3f}")


if __name__ == "__main__":
    main()
