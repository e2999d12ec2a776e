import torch

loss = torch.tensor(0.123456)
print("loss: %.3f" % loss.item())
print("epoch %d of %d" % (1, 3))
