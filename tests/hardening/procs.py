"""Process listings read from /proc, for tests that check no worker is leaked or left a zombie."""

from __future__ import annotations

import os
from pathlib import Path


def _stat(pid: int) -> tuple[int, str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0]  # ppid, state


def descendants(root: int) -> dict[int, str]:
    """Every live or zombie descendant of `root`: pid -> state letter ("Z" is a zombie)."""
    parents: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := _stat(int(entry))) is not None:
            parents[int(entry)] = info
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, state) in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = state
                frontier.append(pid)
    return found


def is_forkserver(pid: int) -> bool:
    """The one long-lived fork server multiprocessing keeps per process (not a worker)."""
    try:
        return b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def tree_without_forkserver() -> dict[int, str]:
    """Descendants of this process except the fork server."""
    return {p: s for p, s in descendants(os.getpid()).items() if not is_forkserver(p)}
