import torch
import torch.nn as nn

# The AdamW recipe: weight decay on weights only, not on biases or LayerNorm, chosen by parameter name.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.LayerNorm(8), nn.GELU(), nn.Linear(8, 2))
decay, no_decay = [], []
for name, p in model.named_parameters():
    skip = name.endswith("bias") or name.startswith("1.")
    (no_decay if skip else decay).append(p)
    print(f"{name:<10} {str(tuple(p.shape)):<8} {'no decay' if skip else 'decay'}")
opt = torch.optim.AdamW(
    [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
    lr=0.01,
)
x = torch.randn(6, 4)
y = torch.randint(0, 2, (6,))
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}")
print([g["weight_decay"] for g in opt.param_groups], len(decay), len(no_decay))
