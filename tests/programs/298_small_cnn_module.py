import torch
import torch.nn as nn
import torch.nn.functional as F

# A small convolutional network in the style of the image-classifier tutorial, on 8x8 one-channel images.
torch.manual_seed(0)

class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.pool = nn.MaxPool2d(2, 2)
        self.fc1 = nn.Linear(4 * 3 * 3, 10)
        self.fc2 = nn.Linear(10, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))

model = SmallCNN()
print(model)
images = torch.randn(6, 1, 8, 8)
labels = torch.tensor([0, 1, 0, 1, 0, 1])
images[labels == 1, :, :4, :] += 1.0
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()
for epoch in range(10):
    optimizer.zero_grad()
    outputs = model(images)
    loss = criterion(outputs, labels)
    loss.backward()
    optimizer.step()
print("loss", round(loss.item(), 4))
_, predicted = torch.max(outputs, 1)
print("correct:", (predicted == labels).sum().item(), "of", len(labels))
print("conv1 bias grad:", model.conv1.bias.grad)
