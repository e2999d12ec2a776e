import torch
import torch.nn as nn

# The two-phase loop of transfer-learning tutorials: set_grad_enabled follows the phase.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Dropout(0.25), nn.Linear(8, 2))
data = {
    "train": (torch.randn(16, 3), torch.randint(0, 2, (16,))),
    "val": (torch.randn(8, 3), torch.randint(0, 2, (8,))),
}
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for epoch in range(3):
    for phase in ["train", "val"]:
        model.train() if phase == "train" else model.eval()
        inputs, labels = data[phase]
        optimizer.zero_grad()
        with torch.set_grad_enabled(phase == "train"):
            outputs = model(inputs)
            _, preds = torch.max(outputs, 1)
            loss = criterion(outputs, labels)
            if phase == "train":
                loss.backward()
                optimizer.step()
        correct = torch.sum(preds == labels.data).item()
        acc = correct / len(labels)
        print(f"{epoch} {phase:<5} loss: {loss.item():.4f} acc: {acc:.4f} grad: {loss.requires_grad}")
