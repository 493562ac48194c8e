"""The learner's day: it starts at a set local hour (4 a.m. by default), as in Anki."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DAY_START_HOUR = 4


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_zone() -> tzinfo:
    """The machine's local time zone, with its daylight-saving rules where they can be found
    ($TZ, else /etc/localtime), else the current fixed offset."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        link = Path("/etc/localtime").resolve()
        if "zoneinfo" in link.parts:
            candidates.append("/".join(link.parts[link.parts.index("zoneinfo") + 1 :]))
    except OSError:
        pass
    for key in candidates:
        if key:
            try:
                return ZoneInfo(key)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def day_start(
    now: datetime, hour: int = DEFAULT_DAY_START_HOUR, zone: tzinfo | None = None
) -> datetime:
    """The UTC instant at which the learner's current day began."""
    zone = zone or local_zone()
    local = now.astimezone(zone)
    start = datetime.combine(local.date(), time(hour), tzinfo=zone)
    if local < start:
        start = datetime.combine(local.date() - timedelta(days=1), time(hour), tzinfo=zone)
    return start.astimezone(UTC)


def next_day_start(
    now: datetime, hour: int = DEFAULT_DAY_START_HOUR, zone: tzinfo | None = None
) -> datetime:
    """The UTC instant at which the learner's next day begins."""
    zone = zone or local_zone()
    start = day_start(now, hour, zone).astimezone(zone)
    return datetime.combine(start.date() + timedelta(days=1), time(hour), tzinfo=zone).astimezone(
        UTC
    )
