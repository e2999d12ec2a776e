# expect-error: runtime_error line 14
import torch
from torch.utils.data import Dataset

# Reading past the end of a Dataset subclass: the tensor inside refuses the index.
class Samples(Dataset):
    def __init__(self):
        self.values = torch.arange(5.0)

    def __len__(self):
        return len(self.values)

    def __getitem__(self, i):
        return self.values[i] * 2

data = Samples()
for i in range(len(data)):
    print(i, data[i])
print(data[len(data)])
