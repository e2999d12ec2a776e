import torch
import torch.nn as nn

# Train a model, copy its weights into a fresh one through state_dict, and check both predict the same.
torch.manual_seed(0)
def make_model():
    return nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))

teacher = make_model()
x = torch.randn(10, 2)
y = x[:, :1] - x[:, 1:]
optimizer = torch.optim.SGD(teacher.parameters(), lr=0.1)
for _ in range(20):
    optimizer.zero_grad()
    nn.MSELoss()(teacher(x), y).backward()
    optimizer.step()

student = make_model()
print(torch.equal(student(x), teacher(x)))
print(student.load_state_dict(teacher.state_dict()))
print(torch.equal(student(x), teacher(x)))
partial = {"0.weight": torch.zeros(8, 2)}
print(student.load_state_dict(partial, strict=False))
print(student[0].weight.abs().sum(), torch.equal(student[2].weight, teacher[2].weight))
