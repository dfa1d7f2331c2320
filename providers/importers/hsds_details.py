"""HSDS `schedules.csv` and `cost_options.csv`: each row checked on its own, grouped by its service.

A bad row (a time like 25:00, a date like 2024-02-30, a service that services.csv does not list, an id
used twice) is rejected with its reason and its service loads without it. A schedule names its service
directly or through `service_at_location_id`; schedules of a location alone are skipped with a warning,
since the directory keeps the hours of services. Times keep the wall-clock time written ("09:00-08:00"
is 09:00): the directory shows them as the service's own region reads them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time
from typing import Callable, Iterable, TypeVar

from providers.importers.record import CostOptionRecord, ScheduleRecord
from providers.importers.report import RowError
from providers.importers.store import Row
from providers.schedules import DAYS

FREQUENCIES = ("WEEKLY", "MONTHLY")
_DAY = re.compile(rf"(?:[+-]?[1-5])?(?:{'|'.join(DAYS)})")  # MO, 1MO (first Monday), -1FR (last Friday)
Table = list[dict[str, str]]
T = TypeVar("T")


@dataclass(frozen=True)
class Details:
    """By HSDS service id: its schedules (each with its HSDS location id, or "") and cost options."""

    schedules: dict[str, list[tuple[ScheduleRecord, str]]]
    cost_options: dict[str, list[CostOptionRecord]]
    rejected: list[Row]  # (line, the row's id, why) of the rows left out


def read_details(tables: dict[str, Table], service_ids: set[str], warnings: list[str]) -> Details:
    """The schedules and cost options of the services whose HSDS ids are `service_ids`."""
    links = {row["id"]: row for row in tables["service_at_location"] if row.get("id")}
    lines = [
        (line, row)
        for line, row in enumerate(tables["schedules"], start=2)
        if row.get("service_id") or row.get("service_at_location_id")
    ]
    if len(lines) < len(tables["schedules"]):
        warnings.append(
            f"schedules.csv: {len(tables['schedules']) - len(lines)} schedules of a location alone "
            "were skipped (the directory keeps the hours of services)"
        )
    rejected: list[Row] = []
    schedules = _grouped("schedules.csv", lines, service_ids, rejected, lambda row: _schedule(row, links))
    cost_options = _grouped(
        "cost_options.csv", enumerate(tables["cost_options"], start=2), service_ids, rejected, _cost_option
    )
    return Details(schedules, cost_options, rejected)


def free_now(options: list[CostOptionRecord], today: date) -> bool:
    """Whether a cost option valid today costs nothing."""
    return any(
        option.amount == 0 and (option.valid_from or today) <= today <= (option.valid_to or today) for option in options
    )


def _grouped(
    file: str,
    lines: Iterable[tuple[int, dict[str, str]]],
    service_ids: set[str],
    rejected: list[Row],
    parse: Callable[[dict[str, str]], tuple[str, T]],
) -> dict[str, list[T]]:
    """`parse(row)` -> (HSDS service id, item) for each row; rows it or the checks here refuse go to `rejected`."""
    grouped: dict[str, list[T]] = defaultdict(list)
    first_line: dict[str, int] = {}
    for line, row in lines:
        row_id = row.get("id", "")
        try:
            if not row_id:
                raise RowError("no id")
            if row_id in first_line:
                raise RowError(f"duplicate id (first used on line {first_line[row_id]})")
            first_line[row_id] = line
            service_id, item = parse(row)
            if service_id not in service_ids:
                raise RowError(f"service {service_id!r} is not in services.csv")
            grouped[service_id].append(item)
        except RowError as error:
            rejected.append((line, row_id, RowError(f"{file}: {error}")))
    return grouped


def _schedule(row: dict[str, str], links: dict[str, dict[str, str]]) -> tuple[str, tuple[ScheduleRecord, str]]:
    link = links.get(row.get("service_at_location_id", ""))
    if not row.get("service_id") and link is None:
        raise RowError(f"service_at_location {row['service_at_location_id']!r} is not in service_at_location.csv")
    valid_from, valid_to = _period(row)
    schedule = ScheduleRecord(
        id=row["id"],
        valid_from=valid_from,
        valid_to=valid_to,
        freq=_freq(row),
        interval=_interval(row),
        byday=_byday(row),
        opens_at=_time(row, "opens_at"),
        closes_at=_time(row, "closes_at"),
        description=row.get("description") or None,
        notes=row.get("notes") or None,
        attending_type=row.get("attending_type") or None,
    )
    if not (schedule.byday or schedule.opens_at or schedule.closes_at or schedule.description):
        raise RowError("says nothing: no byday, opens_at, closes_at or description")
    service_id = row.get("service_id") or link["service_id"]
    return service_id, (schedule, row.get("location_id") or (link or {}).get("location_id", ""))


def _cost_option(row: dict[str, str]) -> tuple[str, CostOptionRecord]:
    if not row.get("service_id"):
        raise RowError("no service_id")
    valid_from, valid_to = _period(row)
    currency = row.get("currency", "").upper() or None
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        raise RowError(f"currency {row['currency']!r} is not a 3-letter code like USD")
    option = CostOptionRecord(
        id=row["id"],
        valid_from=valid_from,
        valid_to=valid_to,
        option=row.get("option") or None,
        currency=currency,
        amount=_number(row, "amount"),
        amount_description=row.get("amount_description") or None,
    )
    if option.amount is None and not option.option and not option.amount_description:
        raise RowError("says nothing: no option, amount or amount_description")
    return row["service_id"], option


def _period(row: dict[str, str]) -> tuple[date | None, date | None]:
    valid_from, valid_to = _date(row, "valid_from"), _date(row, "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise RowError(f"valid_to {valid_to} is before valid_from {valid_from}")
    return valid_from, valid_to


def _date(row: dict[str, str], column: str) -> date | None:
    text = row.get(column, "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise RowError(f"{column} {text!r} is not a date like 2025-03-18") from None


def _time(row: dict[str, str], column: str) -> time | None:
    """ "10:00", "10:00:00", "10:00-08:00" or "10:00Z" (HSDS asks for a zone) -> 10:00."""
    text = row.get(column, "")
    try:
        return time.fromisoformat(text.removesuffix("Z")).replace(tzinfo=None) if text else None
    except ValueError:
        raise RowError(f"{column} {text!r} is not a time like 09:30") from None


def _freq(row: dict[str, str]) -> str | None:
    freq = row.get("freq", "").upper() or None
    if freq and freq not in FREQUENCIES:
        raise RowError(f"freq {row['freq']!r} is not one of {', '.join(FREQUENCIES)}")
    return freq


def _interval(row: dict[str, str]) -> int | None:
    number = _number(row, "interval", whole=True)
    return None if number is None else int(number)


def _byday(row: dict[str, str]) -> str | None:
    days = [day.strip().upper() for day in row.get("byday", "").split(",") if day.strip()]
    wrong = [day for day in days if not _DAY.fullmatch(day)]
    if wrong:
        raise RowError(f"byday {row['byday']!r}: {', '.join(wrong)} is not a day like MO or 1MO")
    return ",".join(days) or None


def _number(row: dict[str, str], column: str, whole: bool = False) -> float | None:
    """The column's number, at least 0 (a whole number of at least 1 when `whole`); None when empty."""
    text = row.get(column, "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < (1 if whole else 0) or (whole and not number.is_integer()):
        raise RowError(
            f"{column} {text!r} is not " + ("a whole number of at least 1" if whole else "a number of at least 0")
        )
    return number
