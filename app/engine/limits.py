"""The limits one run obeys. Plain data: app.settings builds it from the environment.

Imports nothing but the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

# How deep a backward (or torch.autograd.grad, jacobian...) may start inside another one, from a hook or a
# Function's backward. Not a setting: PyTorch itself aborts the process when one starts 61 deep.
MAX_BACKWARD_NESTING = 50


@dataclass(frozen=True)
class Limits:
    """Every cap on a run; each is enforced before the work it guards is done."""

    max_source_bytes: int = 20_000
    max_statements: int = 500
    max_nesting: int = 60
    max_expression_nodes: int = 5_000
    max_steps: int = 200_000  # statements executed (a long loop's are recorded as steps only by sample)
    max_recorded_steps: int = 2_000  # steps kept in the answer
    max_loop_iterations: int = 10_000
    max_call_depth: int = 100  # calls of the program's own functions running at once (recursion)
    max_comprehension_items: int = 10_000  # items one comprehension makes, over all its `for` clauses
    max_tensor_elements: int = 1_000_000
    # Modules one model holds, counted each time it holds them (what printing it or its state_dict() walks), and
    # the tensors one layer holds (an LSTM's num_layers); and how deeply modules nest in modules.
    max_modules: int = 10_000
    max_module_depth: int = 50
    max_tensor_dims: int = 16  # dimensions of any one tensor: its value nests as deep in every answer
    max_total_elements: int = 5_000_000
    max_matmul_flops: int = 500_000_000
    max_int_bits: int = 64
    max_output_chars: int = 100_000
    max_value_elements: int = 1_000
    max_response_values: int = 200_000
    # Bytes of one answer, everything sent counted: the default equals the answer cache's entry size, so every
    # answer can be kept.
    max_answer_bytes: int = 16_000_000
    wall_time_s: float = 5.0

    def as_dict(self) -> dict[str, int | float]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}
