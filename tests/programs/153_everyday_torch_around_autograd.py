import torch
from torch.autograd import Variable

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(device)
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True).to(device)
w = Variable(torch.ones(3), requires_grad=True)
print(x.device, w.requires_grad, torch.is_grad_enabled())
y = (x * w).sum()
y.backward()
print(x.grad.cpu(), torch.equal(x.grad, w.detach()), torch.allclose(w.grad, x.detach()))
print(torch.isclose(x.grad, torch.tensor([1.0, 1.0, 1.1])))
with torch.inference_mode():
    z = x * 2
print(z.requires_grad, z)
torch.set_grad_enabled(False)
q = x * 3
torch.set_grad_enabled(True)
print(q.requires_grad)
order = torch.randperm(4)
print(order)
