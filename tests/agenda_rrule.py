"""Expands recurrence rules with python-dateutil (not ours) for tests/agenda_rrule.rs.

Reads JSON from stdin: [{"rule": "FREQ=...", "start": "2026-01-15T18:00:00", "n": 40}],
writes the first n dates of each as RFC 5545 counts them: DTSTART is always the
first date and counts toward COUNT, even when the rule would not give it.
"""
import json
import sys
from datetime import datetime
from itertools import islice

from dateutil.rrule import rrulestr

out = []
for case in json.load(sys.stdin):
    start = datetime.fromisoformat(case["start"])
    rule = rrulestr(case["rule"], dtstart=start)
    n = case["n"]
    dates = list(islice(iter(rule), n))
    if not dates or dates[0] != start:
        dates = [start] + dates
        if "COUNT=" in case["rule"].upper():
            dates = dates[:-1] if len(dates) > 1 else dates
        dates = dates[:n]
    out.append([d.isoformat() for d in dates])
json.dump(out, sys.stdout)
