import torch
import torch.nn as nn

# BatchNorm normalises with the batch's statistics in training, and keeps running averages for evaluation.
torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
print(bn.running_mean, bn.running_var)
batch = torch.randn(8, 3) * 2 + 1
out = bn(batch)
print(out.mean(dim=0))
print(out.std(dim=0, correction=0))
print(bn.running_mean)
print(bn.running_var)
print(bn.num_batches_tracked, bn.state_dict()["num_batches_tracked"])
bn.eval()
print(bn(batch[:2]))
loss = bn(batch).pow(2).sum()
loss.backward()
print(bn.weight.grad, bn.bias.grad)

images = torch.randn(2, 3, 4, 4)
bn2 = nn.BatchNorm2d(3)
print(bn2(images).mean(dim=(0, 2, 3)))
