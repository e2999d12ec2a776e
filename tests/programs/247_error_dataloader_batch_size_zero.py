# expect-error: runtime_error line 9
import torch
from torch.utils.data import DataLoader, TensorDataset

# A batch size of zero is refused by PyTorch when the loader is made, not when it is used.
data = TensorDataset(torch.ones(4, 2))
print(len(DataLoader(data, batch_size=3)), len(DataLoader(data, batch_size=3, drop_last=True)))
size = 0
loader = DataLoader(data, batch_size=size)
