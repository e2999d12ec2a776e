weights = torch.rand(size=(3,3),requires_grad=True)
print(f"weights: {weights}")


for i in range(3):
    print(f"------------------------iteration--{i}--------------------------")
    output = (weights*3).sum()


    print(f"output: {output}")

    error  = torch.tensor(1)
    output.backward(error)


    grad = weights.grad
    print(f"grad: {grad}")
    # must call grad.zero_() in each epoch to avoid accumulation
    weights.grad.zero_()
