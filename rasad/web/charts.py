"""The explorer's two charts as plain SVG written on the server: no chart library, no script.

Both are drawn for the page's direction: in Arabic time runs from right to left, as the text does,
so the oldest week is at the right edge. Every label is escaped.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

from rasad.web.render import actor_href, label, name_of

#: one colour per PLOVER type (the rest share grey)
COLOURS = {
    "AGREE": "#1b9e77", "CONSULT": "#386cb0", "SUPPORT": "#66a61e", "COOPERATE": "#7fc97f", "AID": "#17becf",
    "RETREAT": "#bcbd22", "REQUEST": "#8c6bb1", "ACCUSE": "#e6ab02", "REJECT": "#d95f02", "THREATEN": "#e7298a",
    "PROTEST": "#f781bf", "SANCTION": "#a6761d", "MOBILIZE": "#984ea3", "COERCE": "#e41a1c", "ASSAULT": "#b2182b",
    "DISAPPROVE": "#fdb462",
}
GREY = "#999999"


def colour(event_type: str) -> str:
    return COLOURS.get(event_type, GREY)


def all_periods(periods: list[str], most: int = 260) -> list[str]:
    """``periods`` (weeks named by their Monday, or months) with the empty ones between them, so
    that the axis is time; unchanged when that would be more than ``most`` bars."""
    if not periods:
        return periods
    first, last = min(periods), max(periods)
    out: list[str] = []
    try:
        if len(first) == 10:  # weeks
            day, end = date.fromisoformat(first), date.fromisoformat(last)
            while day <= end and len(out) <= most:
                out.append(day.isoformat())
                day += timedelta(days=7)
        elif len(first) == 7:  # months
            y, m = int(first[:4]), int(first[5:7])
            while f"{y:04d}-{m:02d}" <= last and len(out) <= most:
                out.append(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    except ValueError:
        return sorted(periods)
    if not out or len(out) > most or not set(periods) <= set(out):
        return sorted(periods)
    return out


def timeline_svg(series: list[dict[str, Any]], lang: str, width: int = 860, height: int = 220) -> Markup:
    """Stacked bars: events per period (``series``: period, type, n) coloured by type, with a legend."""
    if not series:
        return Markup('<p class="empty">{}</p>').format(label("nothing", lang))
    per: dict[str, dict[str, int]] = defaultdict(dict)
    for s in series:
        per[s["period"]][s["type"]] = s["n"]
    periods = all_periods(sorted(per))
    types = sorted({s["type"] for s in series})
    top = max(sum(v.values()) for v in per.values())
    left, right, bottom, head = 40, 30, 56, 10
    plot_w, plot_h = width - left - right, height - bottom - head
    bar = plot_w / len(periods)
    parts = [f'<svg class="chart timeline" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" direction="ltr">',
             f"<title>{escape(label('timeline', lang))}</title>"]
    for i, period in enumerate(periods):
        slot = len(periods) - 1 - i if lang != "en" else i  # Arabic: the oldest at the right
        x = left + slot * bar
        y: float = head + plot_h
        for t in types:
            n = per.get(period, {}).get(t, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(f'<rect x="{x + bar * 0.1:.1f}" y="{y:.1f}" width="{max(bar * 0.8, 1):.1f}" height="{h:.1f}" '
                         f'fill="{colour(t)}" data-type="{escape(t)}"><title>{escape(period)} {escape(t)}: {n}</title></rect>')
        if len(periods) <= 12 or i % math.ceil(len(periods) / 12) == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" font-size="10" '
                         f'text-anchor="middle">{escape(period)}</text>')
    parts.append(f'<text x="{left - 4}" y="{head + 10}" font-size="10" text-anchor="end">{top}</text>')
    parts.append(f'<text x="{left - 4}" y="{head + plot_h}" font-size="10" text-anchor="end">0</text>')
    for j, t in enumerate(types):
        lx = left + (j % 8) * (plot_w / 8)
        ly = height - 26 + (j // 8) * 14
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 8}" width="10" height="10" fill="{colour(t)}"/>'
                     f'<text x="{lx + 14:.1f}" y="{ly + 1}" font-size="10">{escape(t)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def network_svg(graph: dict[str, Any], lang: str, size: int = 520) -> Markup:
    """Actors on a circle, an arrow from actor to recipient whose width grows with the events between them."""
    nodes, edges = graph["nodes"], graph["edges"]
    if not edges:
        return Markup('<p class="empty">{}</p>').format(label("nothing", lang))
    centre, radius = size / 2, size / 2 - 90
    place: dict[str, tuple[float, float]] = {}
    ordered = sorted(nodes, key=lambda n: (-n["events"], n["ref"]))
    for i, n in enumerate(ordered):
        angle = 2 * math.pi * i / len(ordered) - math.pi / 2
        place[n["ref"]] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    heaviest = max(e["n"] for e in edges)
    parts = [f'<svg class="chart network" role="img" viewBox="0 0 {size} {size}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" direction="ltr">',
             f"<title>{escape(label('network', lang))}</title>",
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>']
    for e in edges:
        (x1, y1), (x2, y2) = place[e["source"]], place[e["target"]]
        if e["source"] == e["target"]:
            continue
        w = 1 + 7 * e["n"] / heaviest
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        x2s, y2s = x2 - dx / d * 8, y2 - dy / d * 8
        parts.append(f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2s:.1f}" y2="{y2s:.1f}" stroke="#777" '
                     f'stroke-opacity="0.7" stroke-width="{w:.1f}" marker-end="url(#arrow)" data-n="{e["n"]}">'
                     f"<title>{escape(e['source'])} → {escape(e['target'])}: {e['n']}</title></line>")
    for n in ordered:
        x, y = place[n["ref"]]
        anchor = "start" if x >= centre else "end"
        tx = x + (8 if x >= centre else -8)
        parts.append(f'<a href="{escape(actor_href(n["ref"]))}"><circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#386cb0"/>'
                     f'<text x="{tx:.1f}" y="{y + 4:.1f}" font-size="12" text-anchor="{anchor}">'
                     f"{escape(name_of(n, lang))}</text></a>")
    parts.append("</svg>")
    return Markup("".join(parts))
