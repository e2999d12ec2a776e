# expect-error: runtime_error line 23
import torch

# Exceptions of the program's own, derived from Python's: raised with a message and a field, caught by class.
class TrainingError(Exception):
    def __init__(self, message, step):
        super().__init__(message)
        self.step = step
class Diverged(TrainingError):
    pass
try:
    raise Diverged("too big", 7)
except TrainingError as e:
    print(e, e.step, isinstance(e, Exception))
try:
    raise Diverged("x", 1)
except ValueError:
    print("no")
except Exception as e:
    print("caught", e)
e2 = TrainingError("m", 2)
print(str(e2), e2.step)
raise Diverged("at the end", 3)
