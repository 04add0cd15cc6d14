"""Dates as precise as they are really known: a month stays a month, a day is a day.

Header values are strict ISO (`2022-11`, `2022-11-11`); free-text dates from embeds and metadata go
through dateparser, restricted to the corpus languages so it stays fast and unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?(?:[T ].*)?$")
LANGUAGES = ["en", "nl", "de"]


@dataclass(frozen=True)
class KnownDate:
    """A date with its real precision: `day` is None when only the month is known."""

    year: int
    month: int
    day: int | None = None

    @property
    def month_str(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def day_str(self) -> str | None:
        return None if self.day is None else f"{self.month_str}-{self.day:02d}"

    @property
    def iso(self) -> str:
        return self.day_str or self.month_str

    @property
    def precision(self) -> str:
        return "month" if self.day is None else "day"


EARLIEST_YEAR = 1800  # news corpora are modern; an earlier year is a typo or a placeholder
FUTURE_SLACK = timedelta(days=31)  # an article may be dated a little ahead (time zones, embargoes)


def implausible_reason(d: KnownDate, today: date | None = None) -> str | None:
    """Why `d` cannot be a publication date (far future, more than a month after today, or before 1800),
    else None. The article is kept; only its date is set aside so one typo cannot stretch the timeline."""
    today = today or date.today()
    first = date(d.year, d.month, d.day or 1) if d.year >= 1 else date.min
    if first > today + FUTURE_SLACK:
        return f"implausible date {d.iso}: more than a month after the build date {today.isoformat()}"
    if d.year < EARLIEST_YEAR:
        return f"implausible date {d.iso}: before {EARLIEST_YEAR}"
    return None


def parse_iso(value: str) -> KnownDate:
    """Parse 'YYYY-MM' or 'YYYY-MM-DD' (a time part is ignored). Raises ValueError with the reason."""
    m = _ISO.match(value.strip())
    if not m:
        raise ValueError(f"not a YYYY-MM or YYYY-MM-DD date: {value!r}")
    y, mo = int(m["y"]), int(m["m"])
    if not 1 <= mo <= 12:
        raise ValueError(f"month {mo} out of range in {value!r}")
    if m["d"] is None:
        return KnownDate(y, mo)
    d = int(m["d"])
    try:
        date(y, mo, d)
    except ValueError as exc:
        raise ValueError(f"invalid day in {value!r}: {exc}") from exc
    return KnownDate(y, mo, d)


_MONTHS = {
    name: i + 1
    for names in (
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        [
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ],
    )
    for i, name in enumerate(names)
}
_WRITTEN = re.compile(
    r"^(?:(?P<d1>\d{1,2})\.?\s+(?P<m1>[A-Za-zä]+)|(?P<m2>[A-Za-zä]+)\s+(?P<d2>\d{1,2}),?)\s+(?P<y>\d{4})$"
)


def _fast_written_date(value: str) -> KnownDate | None:
    """'November 11, 2022', '11 november 2022', '11. November 2022' without loading dateparser."""
    m = _WRITTEN.match(value)
    if not m:
        return None
    month = _MONTHS.get((m["m1"] or m["m2"]).lower())
    day = int(m["d1"] or m["d2"])
    if month is None:
        return None
    try:
        date(int(m["y"]), month, day)
    except ValueError:
        return None
    return KnownDate(int(m["y"]), month, day)


@lru_cache(maxsize=4096)
def parse_free(value: str) -> KnownDate | None:
    """Parse a written date ('November 11, 2022', '11 november 2022', '11. November 2022')."""
    value = value.strip()
    if not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        pass
    fast = _fast_written_date(value)
    if fast is not None:
        return fast
    import dateparser  # lazy: loading its language data costs ~0.3 s; it handles everything else

    parsed = dateparser.parse(
        value,
        languages=LANGUAGES,
        settings={"REQUIRE_PARTS": ["year", "month"], "PREFER_DAY_OF_MONTH": "first"},
    )
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}\b(?!\d)", re.sub(r"\b\d{4}\b", "", value)))
    return KnownDate(parsed.year, parsed.month, parsed.day if has_day else None)
