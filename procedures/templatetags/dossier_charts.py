"""The dossier statistics' long lists, written in Python: a province's chart and table have a row per unit
(500 at the benchmark), too many for the template engine (about 150 ms each a view; here a few ms). The
markup is the one the templates had."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.text import thousands

register = template.Library()


def _number(value):
    return thousands(value) if type(value) is int else escape(value)


def _bar(kind, length, value):
    return (
        f'<span class="hbar"><svg viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false">'
        f'<rect class="bar-{kind}" width="{length}" height="1"/></svg>'
        f'<span class="hbar-value">{_number(value)}</span></span>'
    )


@register.simple_tag
def hbars(chart, long=False):
    """The bars of a chart (procedures.stats.bar_chart): a row a label, received and resolved; ``long`` for
    many rows. Each bar is an SVG rect as long as its share of the largest value (no inline style)."""
    items = "".join(
        f'<li><span class="hbar-label">{escape(row["label"])}</span>'
        + _bar("received", row["received_length"], row["received"])
        + _bar("resolved", row["resolved_length"], row["resolved"])
        + "</li>"
        for row in chart["rows"]
    )
    return mark_safe(f'<ul class="hbars{" hbars-long" if long else ""}">{items}</ul>')


@register.simple_tag
def unit_rows(rows):
    """The province's table by unit (procedures.province.UnitRow): name (linked to its site), code, the four
    counts and the on-time rate."""
    out = []
    for row in rows:
        f = row.figures
        name = escape(row.name)
        head = f'<a href="{escape(row.url)}">{name}</a>' if row.url else name
        rate = "—" if f.on_time_rate is None else f"{floatformat(f.on_time_rate, '-1')}%"
        out.append(
            f'<tr><th scope="row" class="unit-name sticky-col">{head}</th><td>{escape(row.unit.code)}</td>'
            f"<td>{_number(f.received)}</td><td>{_number(f.resolved)}</td><td>{_number(f.on_time)}</td>"
            f"<td>{_number(f.late)}</td><td>{rate}</td></tr>"
        )
    return mark_safe("\n".join(out))
