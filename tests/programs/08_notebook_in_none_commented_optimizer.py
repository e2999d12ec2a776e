import torch
# weights = torch.rand(3,requires_grad=True,dtype=torch.float)
# optimizer = torch.optim.SGD(weights,lr=.01)

# optimizer.step()
# optimizer.zero_grad_()

