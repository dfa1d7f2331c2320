"""Memory of a server process together with the worker processes it started (Linux /proc)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List


@dataclass(frozen=True)
class Memory:
    """Resident (RSS) and proportional (PSS: shared pages divided among the processes sharing them)
    set sizes in MB. With several worker processes forked from one parent, RSS counts the shared
    pages once per process; PSS adds up to what the processes really take."""

    resident_mb: float
    proportional_mb: float

    def __add__(self, other: "Memory") -> "Memory":
        return Memory(self.resident_mb + other.resident_mb, self.proportional_mb + other.proportional_mb)


def process_tree(pid: int) -> List[int]:
    """`pid` and all of its descendants."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found.extend(process_tree(int(child)))
    return found


def _one_process(pid: int) -> Memory:
    sizes = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            sizes[name] = int(rest.split()[0]) / 1024
    return Memory(sizes["Rss"], sizes["Pss"])


def memory(pids: Iterable[int]) -> Memory:
    """Memory of the given servers and every process under them."""
    total = Memory(0.0, 0.0)
    for pid in pids:
        for member in process_tree(pid):
            total += _one_process(member)
    return total
