import torch

# %-formatting in a log whose text holds large numbers: only the directives' widths matter.
torch.manual_seed(0)
w = torch.randn(2, requires_grad=True)
for step in (1000, 2000, 5000):
    loss = (w * step / 5000).pow(2).sum()
    print("step %d of 5000: loss %.4f (100%% of batch 2048)" % (step, loss.item()))
print("%8.3f|%-6s|" % (w.sum().item(), "ok"))
print("%(name)s has %(count)4d items" % {"name": "batch 10000", "count": 64})
