import torch
import torch.nn.functional as F

# Sampling the next character from logits with a temperature, as character-level model tutorials do.
torch.manual_seed(0)
chars = list("abcde")
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
logits = torch.tensor([2.0, 1.0, 0.5, 0.1, -1.0])
for temperature in [0.5, 1.0, 2.0]:
    probs = F.softmax(logits / temperature, dim=0)
    idx = torch.multinomial(probs, num_samples=8, replacement=True)
    text = "".join(itos[i] for i in idx.tolist())
    print(f"T={temperature}: {text} top={itos[probs.argmax().item()]} p={probs.max().item():.3f}")
g = torch.multinomial(torch.tensor([0.1, 0.0, 0.9]), 1)
print(g, g.dtype)
