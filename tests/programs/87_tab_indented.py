import torch

w = torch.ones(2, requires_grad=True)
for i in range(2):
	loss = (w * (i + 1)).sum()
	loss.backward()
	with torch.no_grad():
		w -= 0.5 * w.grad
	w.grad.zero_()
	print(i, w)
