"""What an import did: rows added, updated, unchanged and rejected (with the reason for each)."""
from __future__ import annotations

from dataclasses import dataclass, field


class FileRefused(ValueError):
    """The file as a whole cannot be imported (wrong columns, broken CSV, not the expected kind)."""


class RowError(ValueError):
    """Why one row cannot be imported, in words staff can act on."""


@dataclass(frozen=True)
class Rejection:
    line: int  # line of a CSV file, row of a sheet (the header is 1)
    row_id: str  # the row's id in its source, or its name when the source has no id
    reason: str


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
                f"rejected {len(self.rejected)}")
