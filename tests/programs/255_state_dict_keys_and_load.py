import torch
import torch.nn as nn

# A model's state_dict: its keys and shapes, copied into a second model that then answers the same.
torch.manual_seed(0)

class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc2(torch.sigmoid(self.fc1(x)))

model = Regressor()
state = model.state_dict()
print(list(state.keys()))
for key in state:
    print(key, list(state[key].shape))

copy = Regressor()
x = torch.randn(2, 3)
print("before loading, same answer:", torch.equal(model(x), copy(x)))
result = copy.load_state_dict(state)
print(result)
print("after loading, same answer:", torch.equal(model(x), copy(x)))
print(copy(x))
print("bias of fc2 in the state:", state["fc2.bias"])
print("a state tensor needs no grad:", state["fc1.weight"].requires_grad)
