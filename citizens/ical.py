"""iCalendar (RFC 5545) feeds of the reception sessions and of the leaders' work calendar, written by hand:
it is a small, strict format."""

from datetime import UTC

from django.utils import timezone

from citizens.models import SessionStatus


def escape(text):
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Lines of at most 75 octets, continued with CRLF and a space, never cutting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(session, host, stamp):
    uid = (
        f"tiep-dan-{session.pk}@{host}"
        if session.pk
        else f"lich-{session.schedule_id}-{session.date:%Y%m%d}@{host}"
    )
    summary = f"Tiếp công dân: {session.presider}"
    description = []
    if session.participants:
        description.append(f"Thành phần: {session.participants}")
    if session.topics:
        description.append(f"Nội dung dự kiến: {session.topics}")
    if session.registration_deadline:
        description.append(f"Hạn đăng ký: {session.registration_deadline:%d/%m/%Y}")
    if session.is_postponed:
        summary = f"HOÃN — {summary}"
        description.append(f"Lý do hoãn: {session.postponed_reason}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{utc(session.updated_at)}" if session.updated_at else None,
        f"DTSTART:{utc(session.starts_at)}",
        f"DTEND:{utc(session.ends_at)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(session.place)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}" if description else None,
        "STATUS:CANCELLED" if session.status == SessionStatus.POSTPONED else "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return [line for line in lines if line]


def work_entry_lines(entry, host, stamp):
    """An entry of the work calendar (lịch công tác); one without an end time has no DTEND (RFC 5545
    §3.6.1: it then ends when it starts), as the printed calendar gives only its start."""
    description = []
    leaders = entry.leader_names()
    if leaders:
        description.append(f"Chủ trì: {'; '.join(leaders)}")
    if entry.participants:
        description.append(f"Thành phần: {entry.participants}")
    if entry.preparation:
        description.append(f"Chuẩn bị: {entry.preparation}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:lich-cong-tac-{entry.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{utc(entry.updated_at)}" if entry.updated_at else None,
        f"DTSTART:{utc(entry.starts_at)}",
        f"DTEND:{utc(entry.ends_at)}" if entry.end_time else None,
        f"SUMMARY:{escape(entry.content)}",
        f"LOCATION:{escape(entry.place)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}" if description else None,
        "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return [line for line in lines if line]


def calendar(items, host, name, lines_of=event_lines):
    """The whole feed: ``lines_of(item, host, stamp)`` writes each event (reception sessions by default)."""
    stamp = utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape(host)}//Cong thong tin dien tu//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for item in items:
        lines.extend(lines_of(item, host, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
