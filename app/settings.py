"""Every knob of the service in one typed Settings, read from AGX_* environment variables.

get_settings() is cached and injected; tests override it. Imports pydantic-settings and the engine's Limits.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

from app.engine.limits import Limits


class Settings(BaseSettings):
    """Service settings; the engine limits are the fields shared with app.engine.limits.Limits."""

    model_config = SettingsConfigDict(env_prefix="AGX_", frozen=True)

    # engine limits (see Limits for what each bounds)
    max_source_bytes: int = Limits.max_source_bytes
    max_statements: int = Limits.max_statements
    max_nesting: int = Limits.max_nesting
    max_expression_nodes: int = Limits.max_expression_nodes
    max_steps: int = Limits.max_steps
    max_recorded_steps: int = Limits.max_recorded_steps
    max_loop_iterations: int = Limits.max_loop_iterations
    max_call_depth: int = Limits.max_call_depth
    max_comprehension_items: int = Limits.max_comprehension_items
    max_tensor_elements: int = Limits.max_tensor_elements
    max_modules: int = Limits.max_modules
    max_module_depth: int = Limits.max_module_depth
    max_tensor_dims: int = Limits.max_tensor_dims
    max_total_elements: int = Limits.max_total_elements
    max_matmul_flops: int = Limits.max_matmul_flops
    max_int_bits: int = Limits.max_int_bits
    max_output_chars: int = Limits.max_output_chars
    max_value_elements: int = Limits.max_value_elements
    max_response_values: int = Limits.max_response_values
    max_answer_bytes: int = Limits.max_answer_bytes
    wall_time_s: float = Limits.wall_time_s

    # service
    max_body_bytes: int = 64_000
    max_backward_times: int = 50
    graph_max_nodes: int = 600
    graph_max_edges: int = 2_000  # arrows: a layout's cost grows with them
    workers: int = max(os.cpu_count() or 1, 1)
    max_queue: int = 8  # about 4 per worker: a longer line only makes people wait past the timeout
    request_timeout_s: float = 10.0
    worker_memory_mb: int = 2048
    cache_entries: int = 256
    cache_bytes: int = 64_000_000

    def limits(self) -> Limits:
        return Limits(**{name: getattr(self, name) for name in Limits.__dataclass_fields__})


@lru_cache
def get_settings() -> Settings:
    return Settings()
