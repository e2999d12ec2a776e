"""Imported last by the fork server, for its one effect: what the server imported leaves the collector's sight
before any worker is forked from it.

The only module of the package that works at import time: a fork server runs nothing of ours but imports, so
this is the one way to act in it. A worker freezes again once started (child.py), which covers the spawn context;
freezing here as well keeps the server's young objects from being walked, and so copied, by each worker's first
collections. Imports only the standard library.
"""

from __future__ import annotations

import gc

gc.freeze()
