import torch

# Saving an optimizer's state and resuming training in a new optimizer, then adding a parameter group.
torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
target = torch.tensor([1.0, 2.0, 3.0])


def step(opt, params):
    opt.zero_grad()
    loss = sum(((p - target) ** 2).sum() for p in params)
    loss.backward()
    opt.step()
    return loss.item()


opt = torch.optim.Adam([w], lr=0.1)
for _ in range(3):
    step(opt, [w])
saved = opt.state_dict()
print(saved["param_groups"])
print(saved["state"][0]["step"], saved["state"][0]["exp_avg"])

resumed = torch.optim.Adam([w], lr=0.1)
resumed.load_state_dict(saved)
print(f"resumed loss {step(resumed, [w]):.4f}")
v = torch.zeros(3, requires_grad=True)
resumed.add_param_group({"params": [v], "lr": 0.5})
print(len(resumed.param_groups), resumed.param_groups[1]["lr"])
print(f"both {step(resumed, [w, v]):.4f}")
print(w, v)
