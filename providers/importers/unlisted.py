"""Make the directory follow a source's list (`python -m providers import ... --close-missing`).

After an import, the services the same source gave before (for SAMHSA, the same directory) that this
file no longer lists are closed, with an alert saying so; services closed that way that the file lists
again are reopened. A service already closed (by staff or by its source's own status) keeps its
status and alert. A staff verification does not keep a service open: the source dropping it is newer
news than the phone call, and staff can reopen it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from providers import search_index
from providers.importers.record import ServiceRecord
from providers.importers.report import FileRefused
from providers.models import Service

ALERT_PREFIX = "No longer listed by "  # how a later import knows the closures it made itself


@dataclass(frozen=True)
class SourceScope:
    """The services one file speaks for."""

    source: str  # Service.source
    label: str  # who no longer lists them, for the alert: "SAMHSA's MH directory"
    id_prefix: str = ""  # "samhsa-mh-": one of the source's directories only


def follow_listing(
    session: Session, scope: SourceScope, listed: set[str], records: dict[str, ServiceRecord]
) -> tuple[list[str], list[str]]:
    """Close the scope's services not in `listed` and reopen the relisted `records`; (closed, reopened) ids.

    `listed` holds every service the file names, its rejected rows included: a row the source still
    lists but that failed a check is no reason to say the service is gone. A file that lists nothing
    is refused, so that an empty or cut-off download cannot close a whole directory.
    """
    if not listed:
        raise FileRefused(f"the file lists no services; --close-missing would close every one of {scope.label}")
    closed = _close(session, scope, listed)
    reopened = _reopen(session, scope, records)
    search_index.refresh(session, closed + reopened)
    return closed, reopened


def _scope_filter(scope: SourceScope) -> ColumnElement:
    return (Service.source == scope.source) & Service.id.startswith(scope.id_prefix, autoescape=True)


def _close(session: Session, scope: SourceScope, listed: set[str]) -> list[str]:
    present = session.scalars(select(Service.id).where(_scope_filter(scope), Service.status != "closed"))
    ids = sorted(set(present) - listed)
    alert = f"{ALERT_PREFIX}{scope.label} (import of {date.today().isoformat()})"
    _set(session, [dict(sid=i, new_status="closed", new_alert=alert) for i in ids])
    return ids


def _reopen(session: Session, scope: SourceScope, records: dict[str, ServiceRecord]) -> list[str]:
    """Give the relisted services the status and alert their source states now (active when it is silent)."""
    closed_by_us = session.scalars(
        select(Service.id).where(
            _scope_filter(scope), Service.status == "closed", Service.alert.startswith(ALERT_PREFIX, autoescape=True)
        )
    )
    ids = sorted(i for i in closed_by_us if i in records)
    _set(session, [dict(sid=i, new_status=records[i].status or "active", new_alert=records[i].alert) for i in ids])
    return ids


def _set(session: Session, rows: list[dict]) -> None:
    """One UPDATE run for every row (sid, new_status, new_alert)."""
    if rows:
        table = Service.__table__
        session.execute(
            table.update()
            .where(table.c.id == bindparam("sid"))
            .values(status=bindparam("new_status"), alert=bindparam("new_alert")),
            rows,
        )
