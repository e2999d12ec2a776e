logits = torch.tensor([[2.0,1.0,0.1],[0.5,2.5,0.3]],requires_grad=True)
labels = torch.tensor([0,1])

probs = torch.softmax(logits,dim=1)
print(f"probs: {probs}")

loss = torch.nn.functional.cross_entropy(logits,labels)
print(f"loss: {loss}")

loss.backward()
# the gradient is (softmax - one-hot) / batch size
print(f"grad: {logits.grad}")
