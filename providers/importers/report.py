"""What an import did: rows added, updated, unchanged and rejected (with the reason for each), and with
`--close-missing` the services closed because their source no longer lists them."""

from __future__ import annotations

from dataclasses import dataclass, field


class FileRefused(ValueError):
    """The file as a whole cannot be imported (wrong columns, broken CSV, not the expected kind)."""


class RowError(ValueError):
    """Why one row cannot be imported, in words staff can act on."""

    # The rejected row's service id when a reader knows it: the source still lists that service.
    service_id: str | None = None


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
    closed: list[str] | None = None  # no longer listed by the source; None: not asked (no --close-missing)
    reopened: list[str] = field(default_factory=list)  # closed that way before, listed again

    def summary(self) -> str:
        text = (
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"rejected {len(self.rejected)}"
        )
        if self.closed is None:
            return text
        return f"{text}, closed as no longer listed {len(self.closed)}, reopened as listed again {len(self.reopened)}"
