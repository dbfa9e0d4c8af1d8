"""Writes the files the import limits are measured on (README, "Limits") into a folder.

    python3 bench/limit_files.py /tmp/mem
    /usr/bin/time -v kith --db /tmp/x.db import --me me@example.org /tmp/mem/cal-4x15mb.ics

About 1.1 GB in all: two 60 MB calendars of many-valued CATEGORIES, a 60 MB calendar of
events near the 2 MiB limit, and four 200 MB single-line files.
"""
import os
import sys

MB = 1_000_000
HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//limits//EN\r\n"


def event(i, extra):
    """An event with a start, a subject and one of 50 attendees, then `extra` lines."""
    return (
        f"BEGIN:VEVENT\r\nUID:ev{i}@example.org\r\n"
        f"DTSTART:2025{1 + i % 12:02d}{1 + i % 28:02d}T{8 + i % 10:02d}{i % 60:02d}00Z\r\n"
        f"SUMMARY:Meeting {i}\r\nATTENDEE;CN=Person {i % 50}:mailto:p{i % 50}@example.org\r\n"
        f"{extra}END:VEVENT\r\n"
    )


def write(folder, name, parts):
    with open(os.path.join(folder, name), "w") as f:
        for part in parts:
            f.write(part)


def main(folder):
    os.makedirs(folder, exist_ok=True)
    huge_list = "CATEGORIES:" + "a," * (15 * MB // 2) + "a\r\n"
    write(folder, "cal-4x15mb.ics", [HEAD] + [event(i, huge_list) for i in range(4)] + ["END:VCALENDAR\r\n"])
    short_list = "CATEGORIES:" + "b," * 299 + "b\r\n"
    write(folder, "cal-80k.ics", [HEAD] + [event(i, short_list) for i in range(80_000)] + ["END:VCALENDAR\r\n"])
    attendees = "".join(
        f"ATTENDEE;CN=P{j};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:p{j}@example.org\r\n"
        for j in range(24_000)
    )
    write(folder, "cal-30x2mb.ics", [HEAD] + [event(i, attendees) for i in range(30)] + ["END:VCALENDAR\r\n"])
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\n"
    write(folder, "note-200mb.vcf", [card, "NOTE:", "x" * (200 * MB), "\r\nEND:VCARD\r\n"])
    write(folder, "tel-200mb.vcf", [card, "TEL:", "1" * (200 * MB), "\r\nEND:VCARD\r\n"])
    write(folder, "no-newline.vcf", ["BEGIN:VCARD", "x" * (200 * MB)])
    write(folder, "no-newline.ics", ["BEGIN:VCALENDAR", "x" * (200 * MB)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/mem")
