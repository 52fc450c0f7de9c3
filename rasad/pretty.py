"""A readable, coloured terminal view of a Document (``rasad extract --format pretty``)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rasad.model import Actor, Document, Mention

TYPE_STYLE = {"PER": "bold cyan", "ORG": "bold magenta", "GPE": "bold green", "LOC": "green"}


def _actors(actors: list[Actor]) -> str:
    return "، ".join(f"{a.text} [{a.country or '?'}/{a.sector or '?'}]" for a in actors) or "—"


class PrettyPrinter:
    """Prints documents one after another to the terminal (or any rich Console)."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()

    def show(self, doc: Document) -> None:
        a = doc.article
        head = Text()
        head.append(a.title or "(no title)", style="bold")
        meta = [f"published: {a.published or '—'}", f"dateline: {a.dateline or '—'}",
                f"credits: {'، '.join(a.credits) or '—'}", f"outlet: {a.outlet or '—'}"]
        head.append("\n" + " · ".join(meta), style="dim")
        body = Text()
        for i, para in enumerate(a.body):
            body.append(self._highlight(doc, i, para))
            body.append("\n\n")
        for i, cap in enumerate(a.captions):
            body.append("[caption] ", style="italic dim")
            body.append(self._highlight(doc, i, cap, doc.caption_entities))
            linked = [f"{m.text} → {m.name_en or m.canonical}" for m in doc.caption_entities
                      if m.paragraph == i and (m.name_en or m.canonical) not in (None, m.text)]
            body.append(f"  ({'، '.join(linked)})" if linked else "", style="dim")
            body.append("\n")
        for rel in a.related:
            body.append(f"[read also] {rel}\n", style="yellow")
        self.console.print(Panel(Text.assemble(head, "\n\n", body), title=doc.source, title_align="left"))
        if doc.events:
            # type, mode, date and modality never wrap (a cut "CONSULT/…" or "2023-11-…" says nothing);
            # the Arabic columns take what width is left, so the table fits 80 columns and pipes
            table = Table(title="events (PLOVER)", show_lines=True, padding=(0, 1))
            table.add_column("type\nmode", no_wrap=True)
            table.add_column("actor", ratio=2)
            table.add_column("recipient", ratio=2)
            table.add_column("date", no_wrap=True)
            table.add_column("where", ratio=1)
            table.add_column("modality", no_wrap=True)
            table.add_column("trigger", ratio=1)
            for e in doc.events:
                table.add_row(f"{e.type}\n{e.mode or '-'}", _actors(e.actor), _actors(e.recipient), e.date or "—",
                              e.location.text if e.location else "—", e.modality, e.trigger)
            self.console.print(table)
        if doc.quotes:
            table = Table(title="quotes", show_lines=True)
            for col in ("speaker", "cue", "text"):
                table.add_column(col)
            for q in doc.quotes:
                words = q.text if len(q.text) < 160 else q.text[:157] + "..."
                table.add_row(_actors([q.speaker]), q.cue, ("«" + words + "»") if q.direct else words)
            self.console.print(table)

    @staticmethod
    def _highlight(doc: Document, index: int, para: str, mentions: list[Mention] | None = None) -> Text:
        text = Text(para)
        for m in doc.entities if mentions is None else mentions:
            if m.paragraph == index:
                text.stylize(TYPE_STYLE.get(m.type, "bold"), m.start, m.end)
        return text
