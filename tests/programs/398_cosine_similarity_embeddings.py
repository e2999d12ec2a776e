import torch
import torch.nn.functional as F

# Pulling two embeddings together by cosine similarity, pushing a third away, with a margin.
torch.manual_seed(0)
anchor = torch.randn(4, requires_grad=True)
positive = torch.randn(4)
negative = torch.randn(4)
for step in range(5):
    sim_pos = F.cosine_similarity(anchor, positive, dim=0)
    sim_neg = F.cosine_similarity(anchor, negative, dim=0)
    loss = torch.clamp(0.2 - sim_pos + sim_neg, min=0.0)
    dist = F.pairwise_distance(anchor.unsqueeze(0), positive.unsqueeze(0))
    print(f"{step}: pos {sim_pos.item():+.4f} neg {sim_neg.item():+.4f} dist {dist.item():.4f}")
    if loss.item() == 0.0:
        break
    loss.backward()
    with torch.no_grad():
        anchor -= 0.5 * anchor.grad
    anchor.grad.zero_()
print(anchor)
