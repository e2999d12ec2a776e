w = torch.rand((2,2),requires_grad=True)

# detach(): a new tensor sharing the data, outside the graph
d = w.detach()
a = d * 2
print(f"detach: {a.requires_grad}")

# no_grad(): nothing computed inside is recorded
with torch.no_grad():
    b = w * 2
print(f"no_grad: {b.requires_grad}")

# requires_grad_(False): the leaf itself stops being tracked
c = w * 2
w.requires_grad_(False)
e = w * 2
print(f"before: {c.requires_grad}, after: {e.requires_grad}")
