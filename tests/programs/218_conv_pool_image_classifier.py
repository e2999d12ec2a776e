import torch
import torch.nn as nn

# A tiny convolutional network on 8x8 "images": shapes through each layer, one training step, the filters' grads.
torch.manual_seed(0)
images = torch.randn(4, 1, 8, 8)
labels = torch.tensor([0, 1, 1, 0])
model = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(4, 8, kernel_size=3),
    nn.ReLU(),
    nn.AvgPool2d(2),
    nn.Flatten(),
    nn.Linear(8, 2),
)
print(model)
h = images
for layer in model:
    h = layer(h)
    print(f"{str(layer).split('(')[0]:10s} {tuple(h.shape)}")
loss = nn.CrossEntropyLoss()(model(images), labels)
loss.backward()
print(loss)
print(model[0].weight.grad.shape, model[0].weight.grad[0, 0])
print(model[3].bias.grad)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
optimizer.step()
print(nn.CrossEntropyLoss()(model(images), labels) < loss)
