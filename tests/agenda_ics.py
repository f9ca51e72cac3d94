"""Reads .ics files with a parser not ours (Python's icalendar) and prints what it
understood, as JSON, for tests/agenda_ics.rs: each event's texts, and the UTC time
of each of its dates, placed twice: by the file's own VTIMEZONE, and by the system's
tz database through the TZID, so that the test compares both with jiff's."""
import json
import sys
from datetime import timezone

import icalendar
from dateutil.rrule import rrulestr

MAX_DATES = 60


def utc(naive, tz):
    return naive.replace(tzinfo=tz).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def event(ev, zones):
    start = ev["DTSTART"]
    tzid = start.params["TZID"]
    own = zones[tzid]
    system = ev.decoded("DTSTART").tzinfo
    first = ev.decoded("DTSTART").replace(tzinfo=None)
    dates = [first]
    if "RRULE" in ev:
        rule = ev["RRULE"].to_ical().decode()
        dates = []
        for d in rrulestr(rule, dtstart=first.replace(tzinfo=own)):
            dates.append(d.replace(tzinfo=None))
            if len(dates) == MAX_DATES:
                break
    end = ev.decoded("DTEND").replace(tzinfo=None) if "DTEND" in ev else None
    return {
        "uid": str(ev["UID"]),
        "dtstamp": ev.decoded("DTSTAMP").strftime("%Y-%m-%dT%H:%M:%SZ"),
        "summary": str(ev["SUMMARY"]),
        "description": str(ev.get("DESCRIPTION", "")),
        "location": str(ev.get("LOCATION", "")),
        "url": str(ev.get("URL", "")),
        "status": str(ev.get("STATUS", "")),
        "tzid": tzid,
        "rrule": ev["RRULE"].to_ical().decode() if "RRULE" in ev else None,
        "starts_own": [utc(d, own) for d in dates],
        "starts_system": [utc(d, system) for d in dates],
        "end_own": utc(end, own) if end else None,
    }


out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    errors = [[c.name, str(c.errors)] for c in cal.walk() if c.errors]
    zones = {str(z["TZID"]): z.to_tz(lookup_tzid=False) for z in cal.walk("VTIMEZONE")}
    out[path] = {
        "errors": errors,
        "version": str(cal.get("VERSION", "")),
        "prodid": str(cal.get("PRODID", "")),
        "name": str(cal.get("X-WR-CALNAME", "")),
        "zones": sorted(zones),
        "events": [event(ev, zones) for ev in cal.walk("VEVENT")],
    }
json.dump(out, sys.stdout, ensure_ascii=False)
