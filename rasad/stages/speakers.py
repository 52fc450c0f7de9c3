"""Who said it: the speaker of each speech cue, for the ``quotes`` stage.

The speaker is the actor named after the cue (``أكدت أمريكا وفرنسا أن`` gives one quote each),
the source after ``عن`` (``نقلت الوكالة عن الوزير قوله``), the name right before a verbal noun
(``عن باقري قوله``) or a verb (``المالكي قال``); failing those, the subject of the sentence, then
the last speaker of the article. A participle (``مضيفاً``) continues the speaker of its sentence.
A bare title or noun (``الوزير``, ``الوزارة``) is the earlier speaker or organisation it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token, clitic_variants
from rasad.kb.matcher import ADJECTIVE, PHRASE, TITLE
from rasad.model import Actor, Document, Mention
from rasad.ner import find_names
from rasad.stages.actors import GROUP, MENTION, ActorCoder, Unit, prepositions
from rasad.stages.names import first_names, stable_id
from rasad.stages.statements import (
    COMMA,
    QUOTE_CHARS,
    Cue,
    QuoteWords,
    StatementFinder,
    cue_variants,
    gap_text,
    head_word,
)

_PUNCT = re.compile(r"[.!?؟،,:;؛\"«»“”()\-–]")
HISTORY = 30  # earlier speakers searched for the antecedent of ``الوزير``
SOURCE_REACH = 6  # tokens after an unnamed source where the body it belongs to is looked for
NEARBY = 4  # parties near a cue offered to the learned model as its speaker
TITLE_REACH = 10  # tokens after a title where its holder's name is looked for
_CLAUSE_PUNCT = re.compile(r"[.!?؟:;؛\"«»“”()]")  # a title and its holder's name: only commas between


class SpeakerCoder(ActorCoder):
    """The actor coder of the quotes stage: a person only the name tagger found is a speaker too.

    ``وأوضح رئيس اللجنة محمد الخميس أن``: the KB does not know the man, and the title's country
    is unknown; he is still the speaker, with the title's sector, a country from a title, a
    nationality word or a place named in his chunk, else null. (Events keep ``ActorCoder``:
    a party with nothing to place it is not coded there.)
    """

    def code(self, chunk: list[Unit], text: str, day: str | None) -> Actor | None:
        actor = super().code(chunk, text, day)
        if actor is not None and actor.how.startswith(("KB person", "person outside")):
            return actor
        person = tagged_person(chunk)
        if person is None:
            return actor
        by_kind: dict[str, list[Unit]] = {}
        for u in chunk:
            by_kind.setdefault(u.kind, []).append(u)
        country = self._adjective_country(by_kind.get(ADJECTIVE, []))
        found = self._unknown_person(person, by_kind, country, day)
        if actor is not None and not found.country:
            found.country = actor.country  # رئيس غرفة أبها محمد ...: the place or body he speaks for
        found.how = "person only the name tagger found; country from title, adjective or the chunk's place"
        return found


_DATELINE = re.compile(r"^[^.!?؟\n]{0,90}?[)\s][-–—ـ]+\s")


def dateline_end(text: str) -> int:
    """Where a paragraph's dateline ends (``دبي، الإمارات العربية المتحدة (CNN) –``), else 0."""
    m = _DATELINE.match(text)
    return m.end() if m and len(text[: m.end()].split()) <= 9 else 0


def placed_end(units: list[Unit], m: int, j: int) -> int:
    """Where the units adjacent from token ``m`` (before ``j``) end."""
    end, last = -1, m
    for u in units:
        if last <= u.first <= last and u.first < j:
            end, last = max(end, u.end), u.last
    return end


def tagged_person(chunk: list[Unit]) -> Mention | None:
    """The last person of a chunk that the KB does not hold (not a name inside a set phrase)."""
    phrases = [u for u in chunk if u.kind == PHRASE]
    for u in reversed(chunk):
        m = u.mention
        if u.kind == MENTION and m is not None and m.type == "PER" and not any(
            p.first <= u.first and u.last <= p.last for p in phrases
        ):
            return m
    return None


@dataclass(slots=True)
class ArticleMemory:
    """What the stage remembers while it reads one article."""

    doc: Document
    last: Actor | None = None
    history: list[tuple[str, Actor]] = field(default_factory=list)  # head word of the speaker's span
    recent: tuple[int, int, Actor | None] | None = None  # paragraph, sentence start, speaker of the last cue
    pending: tuple[list[Actor], str] | None = None  # a cue that ended its paragraph with a colon
    surnames: dict[str, Unit] | None = None
    origin: str = ""  # how the speakers of the latest cue were found
    recent_span: tuple[int, int, Actor] | None = None  # the words after a cue whose speaker the rules could not code
    previous: tuple[Paragraph, list[Unit]] | None = None  # the body paragraph before, with its actor units


class SpeakerFinder:
    """Finds the speakers of a cue from the actor units of its paragraph and what the article said before."""

    def __init__(self, coder: ActorCoder, words: QuoteWords, statements: StatementFinder) -> None:
        self.coder = coder
        self.words = words
        self.statements = statements

    def find(self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue, j: int) -> list[Actor]:
        """The speakers of the cue whose quote begins at token ``j``; [] when it has none. How
        they were found is left in ``art.origin`` (a feature of the learned quote model)."""
        art.origin = "none"
        day = art.doc.reference_date
        if cue.kind in ("participle", "noun"):
            if cue.kind == "noun":  # عن باقري قوله، خلص الوزير إلى القول
                at = cue.i - 1 if para.tokens[cue.i - 1].norm == "الي" else cue.i
                before = self._adjacent_before(para, units, at, True, day)
                if before is not None:
                    art.origin = "noun-before"
                    return [self.remember(art, *before, para)]
                if at < cue.i and at > 0 and _covering(para, units).get(at - 1) is None:
                    return []  # دفع المحللين إلى القول: someone the KB does not know
            one = self.continued(art, para, units, cue.i)
            return [one] if one else []
        named: list[Actor] | None = None
        if cue.lemma == "نقل":  # نقلت الوكالة عن الوزير: the source after عن, else the one who relays
            an = next((n for n in range(cue.i, j) if para.tokens[n].norm == "عن"), None)
            if an is not None:
                named = self._named_after(art, para, units, an + 1, j, governed=True)
        named = named or self._named_after(art, para, units, cue.k, j)
        if named == []:  # a speaker that names no one (وذكرت رئاسة النظام أن): its participles are no one's
            art.recent = (para.index, para.sentence_at(para.tokens[cue.i].start)[0], None)
            art.origin = "uncoded"
        if named is not None:
            if named:
                art.origin = "named"
            return named
        before = self._adjacent_before(para, units, cue.i, False, day)
        if before is not None:
            art.origin = "before"
            return [self.remember(art, *before, para)]
        one = self._subject(art, para, units, cue.i)
        if one is not None:
            art.origin = "subject"
        elif self._bare(para, cue.i):
            art.origin = "last" if art.last is not None else "agent"
            one = art.last or self._agent(art, para, cue.i)
        return [one] if one else []

    def alternatives(
        self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue, j: int, chosen: list[Actor]
    ) -> list[tuple[str, Actor]]:
        """Other speakers a cue may have, for the learned model to weigh against the rules' choice:
        the words between the cue and its statement as a speaker the KB does not know (``وقال
        مكتب تحقيقات الطيران السعودي إن``: with the country of a nationality word there), and the
        last speaker of the article. Nothing here changes what the article remembers."""
        out: list[tuple[str, Actor]] = []
        if cue.kind not in ("participle", "noun", "source"):
            span = self._span(para, units, cue, j)
            document = span is not None and normalize(span.text).split()[0] in self.words.documents
            if span is not None and not document and not any(_same_words(span, a) for a in chosen):
                out.append(("span", span))  # a document (وذكر التقرير أن) is no speaker (GUIDE.md)
        else:
            span = None
            s_start = para.sentence_at(para.tokens[cue.i].start)[0]
            if cue.kind == "participle" and art.recent_span is not None and art.recent_span[:2] == (para.index, s_start):
                span = art.recent_span[2]  # قالت مصادر طبية ...، لافتة إلى أن: the words the verb named
                if not any(_same_words(span, a) for a in chosen):
                    out.append(("continued-span", span))
        if art.last is not None and not chosen and (span is None or self._refers_back(art, span, art.last)):
            # the rules found no one: the last speaker, unless someone else is named (وقال علماء إن)
            out.append(("last-alt" if not out else "last-alt-named", art.last))
        near = self._nearby(art, para, units, cue, j, [a for _, a in out] + chosen)
        if art.origin == "named":  # someone is named after the verb (VSO): no one named before it
            near = [(how, a) for how, a in near if how.startswith("near:after")]
        out += near
        # the article's people: after a bare title (وأوضح أمين العاصمة), when no one is named, or
        # when the words after the cue can refer back to the person (العميد معوضة، بتغريدة له)
        role = bool(chosen) and all(not a.canonical and not a.country and a.sector not in (None, "UNK") for a in chosen)
        taken = [a for _, a in out] + chosen
        for how, person in self._persons(art, para, cue, taken):
            if role or (span is None and not chosen) or (span is not None and self._refers_back(art, span, person)):
                out.append((how + (":role" if role else ""), person))
        return out

    def _persons(self, art: ArticleMemory, para: Paragraph, cue: Cue, taken: list[Actor]) -> list[tuple[str, Actor]]:
        """The article's people before a cue: the person named last (``person-last``) and the
        first person of the article (``person-first``)."""
        start = para.tokens[cue.i].start
        people = [m for m in art.doc.entities if m.type == "PER" and m.paragraph >= 0
                  and (m.paragraph < para.index or (m.paragraph == para.index and m.end <= start))]
        out: list[tuple[str, Actor]] = []
        for how, m in (("person-last", people[-1] if people else None), ("person-first", people[0] if people else None)):
            if m is None:
                continue
            actor = self.coder.code([Unit(0, 1, MENTION, 0, len(m.text), mention=m)], m.text, art.doc.reference_date)
            if actor is None:
                continue
            actor = self._resolve(art, actor)
            if not any(actor == a or _same_words(actor, a) for a in taken) and all(actor != a for _, a in out):
                out.append((how, actor))
        return out

    def _nearby(
        self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue, j: int, taken: list[Actor]
    ) -> list[tuple[str, Actor]]:
        """The parties named near a cue, each a candidate speaker (``near:<where>:<distance>``):
        before the cue in its sentence, between the cue and the statement, or in the sentence
        before. At most ``NEARBY`` of them, nearest first."""
        tokens, text, day = para.tokens, para.text, art.doc.reference_date
        s_start = para.sentence_at(tokens[cue.i].start)[0]
        prev_start = para.sentence_at(max(s_start - 2, 0))[0] if s_start > 0 else s_start
        found: list[tuple[int, str, Actor]] = []
        for u in units:
            if u.kind == ADJECTIVE or u.start < prev_start or u.first >= j or cue.i <= u.first < cue.k:
                continue
            if u.first >= cue.k:
                where, distance = "after", u.first - cue.k
            elif u.start >= s_start:
                where, distance = "before", cue.i - u.last
            else:
                where, distance = "previous", cue.i - u.last
            chunk = self.coder.chunks(units, u.first, u.first + 1, max_gap=0, stop=j)
            actor = self.coder.code(_person_ends(chunk[0], text), text, day) if chunk else None
            if actor is None or any(actor == a or _same_words(actor, a) for a in taken) or any(actor == a for _, _, a in found):
                continue
            bucket = next(b for b in (0, 2, 5, 10, 1000) if distance <= b)
            gov = "gov" if u.governed else "free"
            found.append((distance, f"near:{where}:{bucket}:{gov}", actor))
        dropped = art.origin in ("none", "last", "agent", "continued-last", "continued-agent")
        if dropped and s_start <= dateline_end(text) and art.previous is not None:  # وقالت إن ...: no one named
            found += self._previous_paragraph(art, cue.i, taken + [a for _, _, a in found])
        found.sort(key=lambda x: x[0])
        return [(how, actor) for _, how, actor in found[:NEARBY]]

    def _previous_paragraph(self, art: ArticleMemory, i: int, taken: list[Actor]) -> list[tuple[int, str, Actor]]:
        """The parties of the last sentence of the paragraph before, for a cue in the first
        sentence of its own (``... على عقار جديد.`` / ``وقالت إن ...``): ``near:paragraph``."""
        assert art.previous is not None
        para, units = art.previous
        text, day = para.text, art.doc.reference_date
        s_start = para.sentence_at(max(len(text.rstrip()) - 1, 0))[0]
        found: list[tuple[int, str, Actor]] = []
        for u in units:
            if u.kind == ADJECTIVE or u.start < s_start:
                continue
            chunk = self.coder.chunks(units, u.first, u.first + 1, max_gap=0)
            actor = self.coder.code(_person_ends(chunk[0], text), text, day) if chunk else None
            if actor is None or any(actor == a or _same_words(actor, a) for a in taken) or any(actor == a for _, _, a in found):
                continue
            distance = i + len(para.tokens) - u.last
            bucket = next(b for b in (5, 10, 1000) if distance <= b)
            found.append((distance, f"near:paragraph:{bucket}:{'gov' if u.governed else 'free'}", actor))
        return found

    def _refers_back(self, art: ArticleMemory, span: Actor, last: Actor) -> bool:
        """Can the words after a cue be the last speaker again? A document (``البيان``), a phrase
        (``بتغريدة له``), an honorific with a pronoun (``سموه``), a word of the last speaker's
        name (``تورنبول``, ``المهندس زيدان``) or a head word the article used for a speaker before
        (``الوزير``): yes; anyone else (``وقال علماء إن``): no."""
        words = normalize(span.text).split()
        if not words:
            return False
        first = words[0]
        if first in self.words.documents or (len(first) > 3 and first[0] in "بل" and first[1:] not in self.words.sources):
            return True
        if len(words) == 1 and len(first) > 3 and first.endswith(("ه", "ها")):
            return True
        name = set(normalize(f"{last.text} {last.canonical or ''}").split())
        if any(w in name for w in words if len(w) > 2):
            return True
        return len(words) <= 2 and head_word(span.text) in {h for h, _ in art.history}

    def _span(self, para: Paragraph, units: list[Unit], cue: Cue, j: int) -> Actor | None:
        """The words after a cue up to its statement, a comma or a preposition (``في بيان``):
        at most ``TITLE_REACH`` words, none of them a cue."""
        tokens, text = para.tokens, para.text
        n = cue.k
        while n < j and tokens[n].norm in self.words.skip:
            n += 1
        m = n
        while m < min(j, n + TITLE_REACH):
            if m > n and (_CLAUSE_PUNCT.search(gap_text(tokens, m, text)) or COMMA.search(gap_text(tokens, m, text))):
                break
            if tokens[m].norm in prepositions() or tokens[m].norm in self.statements.cues.complementizers:
                break
            if m > n and self.statements.cue_at(tokens, m, text) is not None:
                break
            m += 1
        if m == n or (m - n == 1 and self._phrase(tokens[n])):
            return None
        person = next((u for u in units if u.kind == MENTION and u.mention is not None and u.mention.type == "PER"
                       and n <= u.first and u.last <= m), None)
        if person is not None:
            m = person.last  # الوزيرة سيسيليا مالستروم الإجراءات ...: the speaker ends with the name
        words = QUOTE_CHARS.sub("", text[tokens[n].start : tokens[m - 1].end]).strip()
        adjectives = [u for u in units if u.kind == ADJECTIVE and n <= u.first and u.last <= m]
        country = self.coder._adjective_country(adjectives) if adjectives else None
        return Actor(words, None, country, None, how="the words after the cue") if words else None

    def _bare(self, para: Paragraph, i: int) -> bool:
        """Does the cue open its clause (``وقال إن``, ``ثم أكد``), so that its speaker is one
        named before? A cue after other words (``الأحاديث تؤكد أن``) has an unknown speaker."""
        tok = para.tokens[i]
        if i == 0 or tok.start == para.sentence_at(tok.start)[0]:
            return True
        if tok.norm[:1] in "وف" and len(cue_variants(tok.norm)) > 1:
            return True
        return para.tokens[i - 1].norm in self.words.clause_openers or COMMA.search(gap_text(para.tokens, i, para.text)) is not None

    def _named_after(
        self, art: ArticleMemory, para: Paragraph, units: list[Unit], lo: int, j: int, governed: bool = False
    ) -> list[Actor] | None:
        """The speakers named between the cue (token ``lo`` on) and the quote at ``j``, several when
        coordinated (``أكدت أمريكا وفرنسا أن``). None when no one is named there (``وقال في بيان
        إن``); [] when someone is but cannot be coded (``وقال علماء إن``, ``وذكر التقرير أن``)."""
        tokens, text, day = para.tokens, para.text, art.doc.reference_date
        cover = _covering(para, units)
        n = lo
        while n < j and tokens[n].norm in self.words.skip:
            n += 1
        if n >= j or self.statements.cue_at(tokens, n, text) is not None:
            return None  # وتابع قائلا: ...
        unit = cover.get(n)
        if unit is None and tokens[n].norm in self.words.documents:  # جاء في بيان الخارجية
            unit = cover.get(n + 1)
            if unit is None or unit.first != n + 1:
                return []
            governed = True
        if unit is None:
            if tokens[n].norm in prepositions() or self._phrase(tokens[n]):
                return None  # وقال لوسائل الإعلام إن: a phrase, not the speaker
            unit = self._person_ahead(para, cover, n, j)  # عضو الهيئة السياسية للائتلاف نصر الحريري
            if unit is None:
                named = self._by_name(art, para, n, n + 1) or self._described(para, units, n, j)
                name = None if named else self._name_ahead(para, units, n, j)
                if name is not None:  # not one of the paragraph's units: coded alone
                    named = self.coder.code([name], text, day)
                    return [self.remember(art, named, [name], para)] if named else []
                return [named] if named else []
        elif unit.governed and not governed:
            return None
        out: list[Actor] = []
        for chunk in self.coder.chunks(units, unit.first, unit.first + 1, max_gap=1, stop=j):
            chunk = _person_ends(chunk, text)
            if len(out) == 0:
                chunk = self._titled_person(para, units, chunk, j)
            actor = self.coder.code(chunk, text, day)
            if actor is None or (all(u.kind == GROUP for u in chunk) and head_word(actor.text) in self.words.media):
                continue  # a bare "الوكالة" or "الصحيفة" names no source
            if actor not in out:
                out.append(self.remember(art, actor, chunk, para))
        if not out:
            named = self._by_name(art, para, n, n + 1)
            return [named] if named else []
        return out

    def _titled_person(self, para: Paragraph, units: list[Unit], chunk: list[Unit], j: int) -> list[Unit]:
        """A title whose holder is named after its complement: ``المنسق العام للجنة المحلية
        للانتخابات البلدية بالعاصمة المقدسة إيهاب الرفاعي`` is the person, with the title's sector
        and the complement's place. The name must come before the quote, with only commas
        between, within ``TITLE_REACH`` tokens."""
        if tagged_person(chunk) is not None or not any(u.kind == TITLE for u in chunk):
            return chunk
        end = chunk[-1].last
        text, tokens = para.text, para.tokens
        between: list[Unit] = []
        for u in units:
            if u.first < end:
                continue
            if u.first >= min(j, end + TITLE_REACH) or _CLAUSE_PUNCT.search(text[tokens[end - 1].end : u.start]):
                break
            if any(self.statements.cue_at(tokens, n, text) for n in range(end, u.first)):
                break
            m = u.mention
            if u.kind == MENTION and m is not None and m.type == "PER" and not u.governed:
                return [*chunk, *between, u]
            between.append(u)
        name = self._name_ahead(para, units, end, j)
        return [*chunk, *[u for u in between if u.last <= name.first], name] if name is not None else chunk

    def _name_ahead(self, para: Paragraph, units: list[Unit], lo: int, j: int) -> Unit | None:
        """A name the entity stage missed after a title and its complement: a known first name
        (``صالح``, ``إسماعيل``) and up to four more words (``بن منسي العمري``), free of any other
        unit, ending at a comma, the complementizer or the quote; within ``TITLE_REACH`` tokens."""
        tokens, text = para.tokens, para.text
        taken = {n for u in units for n in range(u.first, u.last)}
        firsts = first_names()
        hi = min(j, lo + TITLE_REACH)
        # the tagger on the speaker's slot (from a few words before, as it was trained on sentences)
        tagged = {first + max(0, lo - 3) for first, _, kind in find_names([t.text for t in tokens[max(0, lo - 3) : j + 1]])
                  if kind == "PER"} if lo < j else set()
        for n in range(lo, hi):
            if n > lo and _CLAUSE_PUNCT.search(gap_text(tokens, n, text)):
                return None
            if n in taken or (tokens[n].norm not in firsts and n not in tagged):
                continue
            last = n + 1
            while last < min(j, n + 5) and last not in taken and not _PUNCT.search(gap_text(tokens, last, text)):
                if tokens[last].norm in self.statements.cues.complementizers or tokens[last].norm in prepositions():
                    break
                last += 1
            after = gap_text(tokens, last, text) if last < len(tokens) else ""
            if last - n < 2 or not (last == j or _PUNCT.search(after) or tokens[last].norm in self.statements.cues.complementizers):
                return None
            start, stop = tokens[n].start, tokens[last - 1].end
            name = text[start:stop]
            mention = Mention(name, "PER", name, None, stable_id(name), para.index, start, stop, rule="quote.title-holder")
            return Unit(n, last, MENTION, start, stop, mention=mention)
        return None

    def _phrase(self, tok: Token) -> bool:
        """A word with the preposition ب or ل that opens a phrase (``للصحفيين``, ``لوسائل``,
        ``بحسب``), not a name that begins with the letter (``باسلمة``)."""
        if len(tok.norm) <= 3 or tok.norm[0] not in "بل":
            return False
        rest = clitic_variants(tok.norm)[1:]
        return any(v.startswith("ال") or v in self.words.phrase_heads or v in self.words.name_heads for v in rest)

    def _person_ahead(self, para: Paragraph, cover: dict[int, Unit], n: int, j: int) -> Unit | None:
        """A person named a few words on, after a title the KB lacks (``مديرة إدارة الموهوبات
        الدكتورة ليلى الصاعدي``, ``مدير التعليم بالمنطقة ناصر الحربي``), with only commas and no
        other cue between, within ``TITLE_REACH`` tokens."""
        tokens, text = para.tokens, para.text
        for m in range(n + 1, min(j, n + TITLE_REACH)):
            unit = cover.get(m)
            if _CLAUSE_PUNCT.search(gap_text(tokens, m, text)) or self.statements.cue_at(tokens, m, text) is not None:
                return None
            mention = unit.mention if unit is not None else None
            if unit is not None and mention is not None and mention.type == "PER" and not unit.governed:
                return unit
        return None

    def _described(self, para: Paragraph, units: list[Unit], n: int, j: int) -> Actor | None:
        """A speaker without a name: a noun outside the KB with a nationality adjective after it
        (``علماء صينيون``), or an unnamed source (``مصادر تركية رسمية``, ``مصدر في وزارة
        الخارجية السورية``, ``مصادر``) with the country and sector of the body it is placed in,
        else sector ``UNK``."""
        tokens, text = para.tokens, para.text
        adjective = next((u for u in units if u.kind == ADJECTIVE and u.first in (n + 1, n + 2) and u.first < j), None)
        if adjective is not None and adjective.first == n + 2 and self._source(tokens[n]) is None:
            adjective = None  # علماء كبار صينيون is rare; مصادر رسمية تركية is not
        country = self.coder._adjective_country([adjective]) if adjective is not None else None
        source = self._source(tokens[n])
        if country:
            return Actor(text[tokens[n].start : adjective.end] if adjective else tokens[n].text, None, country,
                         source, how="noun with a nationality adjective")
        if source is None:
            return None
        end = n + 1
        for m in range(n + 1, min(j, n + SOURCE_REACH)):
            if _CLAUSE_PUNCT.search(gap_text(tokens, m, text)) or COMMA.search(gap_text(tokens, m, text)):
                break
            body = next((u for u in units if u.first == m and u.kind != ADJECTIVE), None)
            if body is None:
                continue
            if not body.governed or (body.mention is not None and body.mention.sector == "JRN"):
                break  # مصادر لـ«الشرق الأوسط»: the paper the source spoke to
            placed = self.coder.code(self.coder.chunks(units, m, m + 1, max_gap=0, stop=j)[0], text, None)
            if placed is not None and (placed.country or placed.sector):
                span = text[tokens[n].start : placed_end(units, m, j)]
                return Actor(span, None, placed.country, placed.sector or source, how=f"unnamed source in '{placed.text}'")
            end = m
        return Actor(text[tokens[n].start : tokens[end - 1].end], None, None, source, how="unnamed source")

    def _source(self, tok: Token) -> str | None:
        """The sector of an unnamed source noun (``مصادر``: ``UNK``), None for another word."""
        return "UNK" if any(v in self.words.sources for v in cue_variants(tok.norm)[:2]) else None

    def _adjacent_before(
        self, para: Paragraph, units: list[Unit], i: int, allow_governed: bool, day: str | None
    ) -> tuple[Actor, list[Unit]] | None:
        """``المالكي قال``, ``عن باقري قوله``: the actor ending right before the cue, nothing between."""
        text = para.text
        cue_start = para.tokens[i].start
        for u in reversed(units):
            if u.last != i or u.kind == ADJECTIVE or (u.governed and not allow_governed):
                continue
            if _PUNCT.search(text[u.end : cue_start]):
                return None
            chunk = _person_ends(next(iter(self.coder.chunks(units, u.first, u.first + 1, max_gap=0, stop=i)), [u]), text)
            actor = self.coder.code(chunk, text, day)
            return (actor, chunk) if actor is not None else None
        return None

    def continued(self, art: ArticleMemory, para: Paragraph, units: list[Unit], i: int) -> Actor | None:
        """Who a participle continues: the speaker quoted earlier in its sentence, else the
        sentence's subject, else the last speaker."""
        s_start = para.sentence_at(para.tokens[i].start)[0]
        if art.recent is not None and art.recent[:2] == (para.index, s_start):
            art.origin = "continued-sentence"
            return art.recent[2]  # None after a speaker that could not be coded
        subject = self._subject(art, para, units, i)
        if subject is not None:
            art.origin = "continued-subject"
            return subject
        art.origin = "continued-last" if art.last is not None else "continued-agent"
        return art.last or self._agent(art, para, i)

    def _agent(self, art: ArticleMemory, para: Paragraph, i: int) -> Actor | None:
        """Before any speaker, a bare verb (``وشدد على أهمية ...``) is the latest event's actor."""
        cue_start = para.tokens[i].start
        for event in reversed(art.doc.events):
            if event.paragraph > para.index or not event.actor:
                continue
            if event.paragraph == para.index and not 0 <= para.text.find(event.sentence) < cue_start:
                continue
            actor = event.actor[0]
            if actor.canonical or actor.country:
                return actor
        return None

    def _subject(self, art: ArticleMemory, para: Paragraph, units: list[Unit], i: int) -> Actor | None:
        s_start = para.sentence_at(para.tokens[i].start)[0]
        if s_start == 0:
            s_start = dateline_end(para.text)  # "دبي (CNN) –": the outlet is no subject
        first_tok = next((n for n, t in enumerate(para.tokens) if t.start >= s_start), i)
        chunks = self.coder.sentence_subject(units, first_tok, i)
        if not chunks:
            return None
        chunk = self._titled_person(para, units, _person_ends(chunks[0], para.text), i)
        actor = self.coder.code(chunk, para.text, art.doc.reference_date)
        if actor is None or (all(u.kind == GROUP for u in chunk) and not actor.country):
            return None
        return self.remember(art, actor, chunk, para)

    def _by_name(self, art: ArticleMemory, para: Paragraph, lo: int, hi: int) -> Actor | None:
        """A speaker the entity stage missed: a word after the cue that is the surname of a person
        named earlier (``وأوضح "المبطي" أن``), or the head of an earlier speaker (``وقالت النيابة``)."""
        if art.surnames is None:
            art.surnames = {}
            for m in art.doc.entities:
                if m.type == "PER" and m.id and len(m.text.split()) > 1:
                    art.surnames.setdefault(normalize(m.text.split()[-1]), Unit(0, 1, MENTION, m.start, m.end, mention=m))
        for tok in para.tokens[lo:hi]:
            unit = art.surnames.get(tok.norm)
            if unit is not None and unit.mention is not None:
                found = self.coder.code([unit], unit.mention.text, art.doc.reference_date)
                return self._resolve(art, found) if found is not None else None
        if lo < hi and para.tokens[lo].norm.startswith("ال"):
            actor = self._resolve(art, Actor(QUOTE_CHARS.sub("", para.tokens[lo].text)))
            return actor if actor.canonical or actor.country else None
        return None

    def remember(self, art: ArticleMemory, actor: Actor, chunk: list[Unit], para: Paragraph) -> Actor:
        """Resolve a bare title (``الوزير``) to its antecedent, and keep the speaker for later ones."""
        actor = self._resolve(art, actor)
        heads = [head_word(para.text[chunk[0].start : chunk[-1].end])]
        heads += [head_word(para.text[u.start : u.end]) for u in chunk if u.kind == TITLE]  # الدكتور X وزير التخطيط
        for head in dict.fromkeys(heads):
            art.history.append((head, actor))
        return actor

    def _resolve(self, art: ArticleMemory, actor: Actor) -> Actor:
        """``الوزير``, ``الوزارة``, ``الناطق باسم``: the latest speaker or organisation of that name."""
        head = head_word(actor.text)
        if actor.canonical and not actor.country:  # the same person, placed earlier in the article
            earlier = next((e for _, e in reversed(art.history) if e.canonical == actor.canonical and e.country), None)
            if earlier is not None:
                return Actor(actor.text, actor.canonical, earlier.country, earlier.sector, how=f"as earlier: {earlier.how}")
        if actor.canonical or actor.country or not head:
            return actor
        for earlier_head, earlier in reversed(art.history[-HISTORY:]):
            if earlier_head == head and (earlier.canonical or earlier.country):
                return earlier
        for m in reversed(art.doc.entities):
            if m.type == "ORG" and m.country and head_word(m.text) == head:
                return Actor(m.text, m.canonical, m.country, actor.sector, how=f"antecedent of '{actor.text}'")
        return actor


def _same_words(a: Actor, b: Actor) -> bool:
    return normalize(a.text) == normalize(b.text)


def _covering(para: Paragraph, units: list[Unit]) -> dict[int, Unit]:
    """For each token, the first unit (not an adjective) that covers it; computed once a paragraph."""
    cover: dict[int, Unit] | None = para.cache.get("quote_cover")
    if cover is None:
        cover = {}
        for u in units:
            if u.kind != ADJECTIVE:
                for n in range(u.first, u.last):
                    cover.setdefault(n, u)
        para.cache["quote_cover"] = cover
    return cover


def _person_ends(chunk: list[Unit], text: str) -> list[Unit]:
    """A speaker's chunk ends with the person's name: ``الناطق جان باسكال تورو، حسب وكالة الصحافة
    الفرنسية`` is not a French speaker."""
    for n, u in enumerate(chunk[:-1]):
        if u.kind == MENTION and u.mention is not None and u.mention.type == "PER":
            nxt = chunk[n + 1]
            if nxt.start >= u.end and text[u.end : nxt.start].strip():
                return chunk[: n + 1]
    return chunk
