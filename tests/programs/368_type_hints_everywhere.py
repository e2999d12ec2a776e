import torch
from torch import nn

# Type-annotated training code, as modern tutorials write it.
torch.manual_seed(0)


class Regressor(nn.Module):
    def __init__(self, n_in: int, n_out: int = 1) -> None:
        super().__init__()
        self.fc: nn.Linear = nn.Linear(n_in, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x)


def train_step(model: nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float = 0.1) -> float:
    model.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return loss.item()


model = Regressor(2)
x = torch.randn(8, 2)
y = x.sum(dim=1, keepdim=True)
history: list[float] = []
for step in range(5):
    history.append(train_step(model, x, y))
best: float = min(history)
print([f"{h:.4f}" for h in history])
print(f"best {best:.4f}", model.fc.weight)
