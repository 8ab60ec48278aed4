"""The instants of a calendar's events, as Python's icalendar (with zoneinfo)
and dateutil's rrule read them: an independent reading to check ours against.

Usage: ics_instants.py FILE HOST_ZONE WINDOW_FROM WINDOW_TO
Prints one line per event or occurrence, sorted:
UID <tab> original start (UTC, or -) <tab> start (UTC) <tab> end (UTC).
Repeating events are expanded with their RDATE, EXDATE and RECURRENCE-ID
overrides; occurrences whose start is outside [WINDOW_FROM, WINDOW_TO) are
left out, as the app leaves them out. Floating times and dates are read in
HOST_ZONE.
"""
import sys
import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import icalendar
from dateutil import rrule

UTC = dt.timezone.utc


def main():
    path, host_name, window_from, window_to = sys.argv[1:5]
    host = ZoneInfo(host_name)
    w_from = dt.datetime.fromisoformat(window_from).astimezone(UTC)
    w_to = dt.datetime.fromisoformat(window_to).astimezone(UTC)

    def aware(value):
        if isinstance(value, dt.datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=host)
        return dt.datetime(value.year, value.month, value.day, tzinfo=host)

    def times(prop):
        # EXDATE and RDATE may be one property or several, each a list.
        props = prop if isinstance(prop, list) else [prop]
        return [aware(d.dt) for p in props for d in p.dts]

    def stamp(value):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    masters, overrides = [], defaultdict(list)
    for ev in cal.walk("VEVENT"):
        if "RECURRENCE-ID" in ev:
            overrides[str(ev["UID"])].append(ev)
        else:
            masters.append(ev)

    def span(ev):
        start = aware(ev.decoded("DTSTART"))
        if "DTEND" in ev:
            end = aware(ev.decoded("DTEND"))
        elif "DURATION" in ev:
            end = start + ev.decoded("DURATION")
        elif not isinstance(ev.decoded("DTSTART"), dt.datetime):
            end = start + dt.timedelta(days=1)  # a date alone lasts the day (RFC 5545 3.6.1)
        else:
            end = start
        return start, end

    rows = []

    def add(uid, original, start, end):
        rows.append((uid, stamp(original) if original else "-", stamp(start), stamp(end)))

    for ev in masters:
        uid = str(ev["UID"])
        start, end = span(ev)
        length = end.astimezone(UTC) - start.astimezone(UTC)
        if "RRULE" not in ev and "RDATE" not in ev:
            add(uid, None, start, end)
            continue
        rules = rrule.rruleset()
        if "RRULE" in ev:
            text = ev["RRULE"].to_ical().decode()
            rules.rrule(rrule.rrulestr(text, dtstart=start))
        else:
            rules.rdate(start)
        if "RDATE" in ev:
            for when in times(ev["RDATE"]):
                rules.rdate(when)
        if "EXDATE" in ev:
            for when in times(ev["EXDATE"]):
                rules.exdate(when)
        changed = {}
        for ov in overrides.pop(uid, []):
            original = aware(ov.decoded("RECURRENCE-ID")).astimezone(UTC)
            changed[original] = ov
        slack = dt.timedelta(days=2)
        for occurrence in rules.between(w_from - slack, w_to + slack, inc=True):
            original = occurrence.astimezone(UTC)
            if original in changed:
                o_start, o_end = span(changed.pop(original))
            else:
                o_start, o_end = occurrence, occurrence.astimezone(UTC) + length
            if w_from <= o_start.astimezone(UTC) < w_to:
                add(uid, original, o_start, o_end)
        for original, ov in changed.items():
            o_start, o_end = span(ov)
            if w_from <= o_start.astimezone(UTC) < w_to:
                add(uid, original, o_start, o_end)
    for uid, evs in overrides.items():
        for ov in evs:
            o_start, o_end = span(ov)
            add(uid, aware(ov.decoded("RECURRENCE-ID")), o_start, o_end)
    for row in sorted(rows):
        print(*row, sep="\t")


main()
