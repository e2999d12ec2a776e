import torch
import torch.nn as nn
import torch.nn.functional as F

# The regression and classification losses side by side, as modules and as functions, with each reduction.
torch.manual_seed(0)
prediction = torch.randn(4, 3, requires_grad=True)
target = torch.randn(4, 3)

for loss_fn in [nn.MSELoss(), nn.L1Loss(), nn.SmoothL1Loss(beta=0.5), nn.HuberLoss(delta=0.5)]:
    print(loss_fn, loss_fn(prediction, target))
print(nn.MSELoss(reduction="sum")(prediction, target), F.mse_loss(prediction, target, reduction="sum"))
print(nn.L1Loss(reduction="none")(prediction, target))
print(F.smooth_l1_loss(prediction, target), F.huber_loss(prediction, target))

classes = torch.tensor([0, 2, 1, 2])
log_probs = F.log_softmax(prediction, dim=1)
print(nn.NLLLoss()(log_probs, classes), nn.CrossEntropyLoss()(prediction, classes))
print(F.nll_loss(log_probs, classes, reduction="none"))
print(nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5]))(prediction, classes))
print(F.cross_entropy(prediction, classes, label_smoothing=0.2))

teacher = F.softmax(target, dim=1)
kl = nn.KLDivLoss(reduction="batchmean")(log_probs, teacher)
print(kl, F.kl_div(log_probs, teacher, reduction="batchmean"))
total = kl + F.mse_loss(prediction, target)
total.backward()
print(prediction.grad)
