import torch
import torch.nn as nn

# A model with its own penalty method: the loss adds an L2 term over the model's weights, not its biases.
torch.manual_seed(0)

class Ridge(nn.Module):
    def __init__(self, n_in, strength):
        super().__init__()
        self.linear = nn.Linear(n_in, 1)
        self.strength = strength

    def forward(self, x):
        return self.linear(x)

    def penalty(self):
        return self.strength * sum((p ** 2).sum() for name, p in self.named_parameters() if "weight" in name)

x = torch.randn(20, 4)
y = x @ torch.tensor([[2.0], [0.0], [-1.0], [0.5]])
for strength in (0.0, 0.5):
    torch.manual_seed(1)
    model = Ridge(4, strength)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(30):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y) + model.penalty()
        loss.backward()
        opt.step()
    print("strength", strength, "loss", round(loss.item(), 4))
    print("  weights", model.linear.weight.detach())
    print("  penalty", model.penalty().item())
