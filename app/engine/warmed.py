"""Importing this module warms the engine up: the worker pool's fork server preloads it, so every worker
forked from it starts with torch's lazy imports done. One thread, so no thread pool exists across fork."""

from __future__ import annotations

import torch

from app.engine.warmup import warm_up

torch.set_num_threads(1)
warm_up()
