"""``rasad explain``: why each event and quote of a document was coded the way it was.

For every event: the sentence with the trigger highlighted and the parties underlined, the PLOVER
type/mode and its CAMEO code, the lexicon entry that fired, how each actor and recipient was coded,
where the date came from, the place, quantity and modality. Then the quotes with cue and speaker.
Article text is untrusted: it only ever reaches the console inside :class:`rich.text.Text`, never as
markup.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from rasad.cameo import cameo_lookup
from rasad.lexicon import load_lexicon
from rasad.model import Actor, Document, Event, Quote

TRIGGER_STYLE = "bold black on yellow"
ACTOR_STYLE = "underline bold cyan"
RECIPIENT_STYLE = "underline bold magenta"
LABEL_STYLE = "bold"
QUOTE_CHARS = 240


@lru_cache(maxsize=1)
def lexicon_entries() -> dict[str, dict[str, Any]]:
    """The entries of ``lexicon/events.yaml`` and the user's event lexicon files by rule id (an
    entry without ``rule`` is keyed by its type)."""
    data = load_lexicon("events.yaml") or []
    return {str(item.get("rule") or str(item["type"]).lower()): item for item in data if isinstance(item, dict)}


def explain(doc: Document, console: Console) -> None:
    """Print the explanation of one document's events and quotes to ``console``."""
    console.print(Rule(Text(doc.source), align="left"))
    if doc.error is not None:
        console.print(Text.assemble(("error: ", "bold red"), doc.error))
        return
    a = doc.article
    head = Text(a.title or "(no title)", style="bold")
    head.append(f"\npublished: {a.published or '—'} · reference date: {doc.reference_date or '—'}", style="dim")
    head.append(f" · {len(doc.events)} events · {len(doc.quotes)} quotes", style="dim")
    console.print(head)
    decided = {id(d.event): d for d in doc.decisions if d.event is not None}
    for n, event in enumerate(doc.events, 1):
        console.print()
        console.print(_event_heading(n, len(doc.events), event))
        grid = _event_grid(doc, event)
        if id(event) in decided:
            _decision_rows(grid, decided[id(event)])
        console.print(grid)
    _rejected(doc, console)
    if doc.skipped:
        console.print()
        console.print(Text(f"violence and protest words not coded ({len(doc.skipped)})", style="bold underline"))
        for paragraph, sentence, trigger, why in doc.skipped:
            line = Text.assemble(("title" if paragraph == -1 else f"paragraph {paragraph}", "dim"), ": ")
            line.append(trigger, style=TRIGGER_STYLE)
            line.append(f" — {why}")
            line.append(f"\n   {sentence[:QUOTE_CHARS]}", style="dim")
            console.print(line)
    if doc.quotes:
        console.print()
        console.print(Text(f"quotes ({len(doc.quotes)})", style="bold underline"))
        for n, quote in enumerate(doc.quotes, 1):
            console.print(_quote_grid(n, quote))


def explain_command(paths: list[str], console: Console | None = None) -> int:
    """``rasad explain FILE...``: explain every document of ``paths``; returns the exit status.

    A document that cannot be read is reported on stderr as ``rasad: SOURCE: reason``. The status
    is 0 if at least one document was explained, 1 if every one failed, 2 if the pipeline cannot
    start (a broken data file).
    """
    from rasad.errors import RasadError
    from rasad.pipeline import Pipeline

    out = console or Console()
    try:
        pipeline = Pipeline()
    except RasadError as exc:
        sys.stderr.write(f"rasad: {exc}\n")
        return 2
    keep_decisions(pipeline)
    ok = 0
    for doc in pipeline.run(paths):
        if doc.error is not None:
            sys.stderr.write(f"rasad: {doc.source}: {doc.error}\n")
            continue
        ok += 1
        explain(doc, out)
    return 0 if ok else 1


def keep_decisions(pipeline: Any) -> None:
    """Have the pipeline's ``decide`` stage keep every decision with its reasons on the document."""
    for name, stage in pipeline.stages:
        if name == "decide":
            stage.explain = True


# ---------------------------------------------------------------------------------------- events


def _event_heading(n: int, total: int, event: Event) -> Text:
    text = Text(f"event {n}/{total}  ", style="bold")
    text.append(f"{event.type}/{event.mode or '-'}", style="bold green")
    cameo = _cameo(event)
    if cameo:
        text.append(f"  CAMEO {cameo}", style="bold blue")
    if event.modality != "asserted":
        text.append(f"  ({event.modality})", style="bold red")
    return text


def rule_id(event: Event) -> str:
    """The lexicon rule id of an event: ``event.rule`` up to the first space (the events stage may
    append how the actor was found: ``"aid.humanitarian (actor: ...)"``)."""
    return event.rule.split(" ", 1)[0]


def _cameo(event: Event) -> str:
    code = getattr(event, "cameo", None)  # set by the events stage once the model has the field
    try:
        found = cameo_lookup(event.type, event.mode, rule_id(event))
    except KeyError:
        return str(code) if code else ""
    return f"{code or found.code} {found.name}"


def _event_grid(doc: Document, event: Event) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=LABEL_STYLE, no_wrap=True)
    grid.add_column()
    where = "title" if event.paragraph == -1 else f"paragraph {event.paragraph}"
    grid.add_row(Text("sentence"), Text.assemble((f"({where}) ", "dim"), highlight_sentence(event)))
    grid.add_row(Text("trigger"), Text(event.trigger, style=TRIGGER_STYLE))
    grid.add_row(Text("rule"), _rule_text(event))
    grid.add_row(Text("CAMEO"), _cameo_text(event))
    for label, parties in (("actor", event.actor), ("recipient", event.recipient)):
        if not parties:
            grid.add_row(Text(label), Text("—", style="dim"))
        for party in parties:
            grid.add_row(Text(label), actor_text(party))
    grid.add_row(Text("date"), _date_text(doc, event))
    grid.add_row(Text("place"), _place_text(event))
    q = event.quantity
    grid.add_row(Text("quantity"), Text(" ".join(str(x) for x in (q.value, q.unit, q.item) if x is not None)) if q else Text("—", style="dim"))
    grid.add_row(Text("modality"), Text(event.modality, style="bold red" if event.modality != "asserted" else ""))
    return grid


def highlight_sentence(event: Event) -> Text:
    """The event's sentence, trigger highlighted, actor and recipient texts underlined (where they occur)."""
    text = Text(event.sentence)
    for parties, style in ((event.actor, ACTOR_STYLE), (event.recipient, RECIPIENT_STYLE)):
        for party in parties:
            _stylize_all(text, party.text, style)
    _stylize_all(text, event.trigger, TRIGGER_STYLE)
    return text


def _stylize_all(text: Text, needle: str, style: str) -> None:
    if not needle:
        return
    plain, start = text.plain, 0
    while (at := plain.find(needle, start)) >= 0:
        text.stylize(style, at, at + len(needle))
        start = at + len(needle)


def _rule_text(event: Event) -> Text:
    rid, _, extra = event.rule.partition(" ")
    text = Text(rid, style="bold")
    if extra:
        text.append(" " + extra)
    entry = lexicon_entries().get(rid)
    if entry is None:
        text.append("  (not an entry of lexicon/events.yaml)", style="dim")
        return text
    forms = entry.get("forms") or []
    text.append(f"\nlexicon entry {entry.get('type')}/{entry.get('mode') or '-'}, {len(forms)} forms, pos {entry.get('pos') or 'verb'}")
    rec = entry.get("recipient")
    if rec == "object":
        text.append("; recipient: the direct object")
    elif isinstance(rec, list):
        text.append("; recipient after: " + "، ".join(str(p) for p in rec))
    else:
        text.append("; recipient: none marked")
    if entry.get("reverse"):
        text.append("; reversed: the grammatical subject is the recipient")
    if event.type != entry.get("type"):
        text.append(f"\ncoded {event.type}, not {entry.get('type')}: the act is future or intended (entry's future: {entry.get('future')})", style="yellow")
    if entry.get("note"):
        text.append(f"\nnote: {entry['note']}", style="dim")
    return text


def _cameo_text(event: Event) -> Text:
    try:
        found = cameo_lookup(event.type, event.mode, rule_id(event))
    except KeyError as exc:
        return Text(str(exc), style="red")
    text = Text(f"{found.code} {found.name}", style="bold blue")
    text.append(f"  root {found.root}; by {found.via}", style="dim")
    if found.note:
        text.append(f"\nnote: {found.note}", style="dim")
    return text


def actor_text(actor: Actor) -> Text:
    """``text → canonical  COUNTRY/SECTOR`` and, on the next line, how the actor was coded."""
    text = Text(actor.text, style="bold")
    if actor.canonical and actor.canonical != actor.text:
        text.append(f" → {actor.canonical}")
    text.append(f"  {actor.country or '?'}/{actor.sector or '?'}", style="green")
    text.append("\nhow: ", style="dim")
    text.append(actor.how or "(not recorded)", style="italic")
    return text


def _paragraph(doc: Document, index: int) -> str:
    if index == -1:
        return doc.article.title or ""
    return doc.article.body[index] if 0 <= index < len(doc.article.body) else ""


def date_how(doc: Document, event: Event) -> str:
    """Where the event's date came from: the date expression of its sentence, or the fallback."""
    para = _paragraph(doc, event.paragraph)
    s_start = para.find(event.sentence) if event.sentence else -1
    here = []
    if s_start >= 0:
        s_end = s_start + len(event.sentence)
        here = [t for t in doc.times if t.paragraph == event.paragraph and s_start <= t.start < s_end]
    vague = "، ".join(f"'{t.text}'" for t in here if not t.value)
    vague_note = f"; {vague} in the sentence is too vague to resolve" if vague else ""
    if event.date is None:
        return "no date: nothing in the sentence resolves and there is no reference date" + vague_note
    at = para.find(event.trigger, max(s_start, 0))
    matches = sorted((t for t in here if t.value == event.date), key=lambda t: abs(t.start - at))
    if matches:
        t = matches[0]
        return f"from '{t.text}' in the sentence (timex rule {t.rule or '?'})"
    if doc.reference_date and event.date == doc.reference_date[:7]:
        return f"no date expression in the sentence: the month of the reference date {doc.reference_date}" + vague_note
    return "as coded (no matching date expression found in the sentence)" + vague_note


def _date_text(doc: Document, event: Event) -> Text:
    text = Text(event.date or "null", style="bold")
    text.append("  " + date_how(doc, event), style="dim")
    return text


def _place_text(event: Event) -> Text:
    loc = event.location
    if loc is None:
        return Text("—", style="dim")
    text = Text(loc.text, style="bold")
    if loc.canonical and loc.canonical != loc.text:
        text.append(f" → {loc.canonical}")
    text.append(f"  {loc.country or '?'}", style="green")
    return text


# ---------------------------------------------------------------------------------------- quotes


def _quote_grid(n: int, quote: Quote) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=LABEL_STYLE, no_wrap=True)
    grid.add_column()
    kind = "direct" if quote.direct else "indirect"
    grid.add_row(Text(f"quote {n}"), Text(f"paragraph {quote.paragraph}, {kind}", style="dim"))
    grid.add_row(Text("cue"), Text(quote.cue, style=TRIGGER_STYLE))
    grid.add_row(Text("speaker"), actor_text(quote.speaker))
    words = quote.text if len(quote.text) <= QUOTE_CHARS else quote.text[: QUOTE_CHARS - 3] + "..."
    grid.add_row(Text("text"), Text("«" + words + "»" if quote.direct else words))
    return grid


# ------------------------------------------------------------------------------ learned decisions

REJECTED_SHOWN = 12  # the most likely candidates not coded, at most


def _weights(reasons: list[tuple[str, float]]) -> Text:
    text = Text()
    for n, (name, w) in enumerate(reasons):
        if n:
            text.append("  ")
        text.append(name)
        text.append(f" {w:+.2f}", style="green" if w > 0 else "red")
    return text


def _decision_rows(grid: Table, d: Any) -> None:
    """The model's part in an event: its probability and the features that weighed most, and the
    parties it considered with their actor and recipient probabilities."""
    model = Text(f"p={d.p:.2f} {d.type} — {d.why}", style="bold")
    if d.reasons:
        model.append("\n")
        model.append_text(_weights(d.reasons))
    grid.add_row(Text("model"), model)
    if d.party_scores:
        parties = Text()
        for n, (party, pa, pr) in enumerate(sorted(d.party_scores, key=lambda r: -max(r[1], r[2]))[:6]):
            if n:
                parties.append("\n")
            actor = party is d.actor or any(party is p for p in d.more_actors)
            parties.append(party.actor.text, style=ACTOR_STYLE if actor else RECIPIENT_STYLE if party is d.recipient else "")
            parties.append(f"  ({party.kind}) actor {pa:.2f} · recipient {pr:.2f}", style="dim")
            if party is d.doubted:
                parties.append(" · recipient doubted, not named", style="dim")
        for label, reasons in (("actor by", d.actor_reasons), ("recipient by", d.recipient_reasons)):
            if reasons:
                parties.append(f"\n{label}: ", style="dim")
                parties.append_text(_weights(reasons))
        grid.add_row(Text("parties"), parties)


def _rejected(doc: Document, console: Console) -> None:
    """The candidate sites the models did not make events, the likeliest first."""
    from rasad.decide.coder import WHATEVER_PARTIES

    rejected = sorted((d for d in doc.decisions if d.event is None and d.type is not None), key=lambda d: -d.p)
    if not rejected:
        return
    console.print()
    console.print(Text(f"candidates not coded ({len(rejected)}; the {min(len(rejected), REJECTED_SHOWN)} likeliest)",
                       style="bold underline"))
    for d in rejected[:REJECTED_SHOWN]:
        where = "title" if d.site.paragraph == -1 else f"paragraph {d.site.paragraph}"
        line = Text.assemble((where, "dim"), ": ")
        line.append(d.site.trigger, style=TRIGGER_STYLE)
        bound = "≤" if d.why == WHATEVER_PARTIES else "="  # an upper bound: parties not looked for
        line.append(f" {d.type} p{bound}{d.p:.2f} — {d.why}")
        if d.reasons:
            line.append("\n   ")
            line.append_text(_weights(d.reasons))
        console.print(line)
