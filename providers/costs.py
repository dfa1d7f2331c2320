"""A cost option as one short plain-English line (`python -m providers show`).

"Under 18s and Over 60s: 35 GBP per 1 hour session (2020-01-01 to 2022-12-31)"
"Everyone: free", "$20 per visit"
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from providers.schedules import period


class CostOptionLike(Protocol):
    """A `models.CostOption` or an importer's `CostOptionRecord`."""

    valid_from: date | None
    valid_to: date | None
    option: str | None
    currency: str | None
    amount: float | None
    amount_description: str | None


def cost_line(option: CostOptionLike) -> str:
    """Who it is for, the price and what it covers, then when it holds."""
    price = " ".join(part for part in (price_text(option.amount, option.currency), option.amount_description) if part)
    text = ": ".join(part for part in (option.option, price) if part) or "no cost given"
    valid = period(option.valid_from, option.valid_to)
    return f"{text} ({valid})" if valid else text


def price_text(amount: float | None, currency: str | None) -> str:
    """0 -> "free"; 35 USD -> "$35"; 12.5 GBP -> "12.50 GBP"; 35 and no currency -> "35"; no amount -> ""."""
    if amount is None:
        return ""
    if amount == 0:
        return "free"
    figure = f"{amount:.0f}" if amount.is_integer() else f"{amount:.2f}"
    if currency == "USD":
        return f"${figure}"
    return f"{figure} {currency}" if currency else figure
