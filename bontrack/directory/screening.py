"""The moderation check on experiences and replies: what might name a person or reveal
someone's health.

The check flags, it never decides: a flagged public text waits for a moderator (as every
public text does), a flagged verified rating or clinic reply waits too instead of going out
at once, and the moderator sees each flag's reason with the words highlighted. It errs on
the side of flagging: a false alarm costs a moderator a click, a missed name costs someone
their privacy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

NAME = "name"
HEALTH = "health"
NATIONAL_ID = "national_id"
PHONE = "phone"
EMAIL = "email"

# Words after which a capitalised word is most likely a person's name.
_TITLES = (
    r"dr\.?|doktor(?:en)?|doctor|lege(?:n)?|overlege(?:n)?|fastlege(?:n)?|"
    r"sykepleier(?:en|ske|sken)?|nurse|nevrolog(?:en)?|neurologist|fysioterapeut(?:en)?|"
    r"psykolog(?:en)?|professor|prof\.|kiropraktor(?:en)?|tannlege(?:n)?|sekretær(?:en)?"
)
_CAPITALISED = r"[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéè'’-]+"
# "Dr.Hansen": no space is needed after a title that ends in a full stop.
_AFTER_TITLE = r"(?:\s+|(?<=\.))"
_TITLE_NAME = re.compile(
    rf"(?<![\w])(?i:(?P<title>{_TITLES})){_AFTER_TITLE}"
    rf"(?P<name>{_CAPITALISED}(?:[ ]{_CAPITALISED})*)"
)
# The same titles in the form used before a name ("lege", not "legen"): in lower case or
# capitals, "lege hansen" is still a name. Any word after one counts, except everyday ones.
_ADDRESS_TITLES = (
    r"dr\.?|doktor|doctor|lege|overlege|fastlege|sykepleier|nurse|nevrolog|neurologist|"
    r"fysioterapeut|psykolog|professor|prof\.|kiropraktor|tannlege|sekretær"
)
_NOT_A_NAME = frozenset({
    "og", "eller", "som", "var", "er", "ble", "blir", "har", "hadde", "på", "i", "hos", "for",
    "med", "til", "at", "av", "om", "fra", "men", "så", "sa", "ikke", "kan", "skal", "vil",
    "må", "min", "mitt", "din", "vår", "en", "et", "den", "det", "der", "her", "and", "or",
    "who", "was", "is", "in", "on", "with", "the", "a", "an", "said", "of", "to",
})
_TITLE_LOWER_NAME = re.compile(
    rf"(?<![\w])(?i:(?P<title>{_ADDRESS_TITLES})){_AFTER_TITLE}(?P<name>[^\W\d_]+"
    r"(?:[-'’][^\W\d_]+)*)"
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# Everyday words that often begin a sentence: a capitalised word after one of these at the
# start of a sentence still counts as a possible name, the word itself does not.
_COMMON_STARTERS = frozenset({
    "jeg", "vi", "du", "de", "han", "hun", "det", "den", "dette", "denne", "disse", "der",
    "her", "når", "da", "så", "men", "og", "eller", "etter", "før", "under", "på", "i", "hos",
    "fra", "til", "med", "min", "mitt", "mine", "vår", "vårt", "våre", "takk", "veldig",
    "kjempe", "god", "godt", "fin", "fint", "hyggelig", "flink", "flinke", "alle",
    "personalet", "legen", "sykepleieren", "klinikken", "we", "you", "they", "he", "she",
    "it", "the", "this", "that", "there", "here", "when", "then", "so", "but", "and", "or",
    "after", "before", "at", "in", "from", "to", "with", "my", "our", "thanks", "thank",
    "very", "good", "nice", "great", "all", "staff",
})

# Diagnoses, conditions and medicines: a patient's health details, which must not be
# published. Migraine, headache and the treatment itself are what every experience is about
# and are not flagged. Each entry is a regular expression matched at the start of a word
# (or, where it begins with \w*, anywhere in one), case-insensitively.
HEALTH_TERMS: tuple[str, ...] = (
    r"depre[sj]", r"angst", r"anxiet", r"panikk", r"panic", r"kreft", r"cancer", r"svulst",
    r"tumou?r", r"diabet", r"epilep", r"hjerneslag", r"stroke", r"infarkt", r"infarction",
    r"heart attack", r"hiv\b", r"aids\b", r"psykos", r"psychos", r"schizo", r"bipolar",
    r"adhd\b", r"autis", r"spiseforstyrr", r"eating disorder", r"anorek", r"anorex", r"bulimi",
    r"gravid", r"pregnan", r"abort", r"sklerose", r"sclerosis", r"fibromyalg", r"ptsd\b",
    r"ocd\b", r"demens", r"dementia", r"alzheimer", r"parkinson", r"rusprobl", r"rusmisbruk",
    r"alkoholi", r"alcoholi", r"selvmord", r"suicid", r"overdos", r"overforbruk", r"overuse",
    r"diagnos", r"\w*triptan", r"topira", r"topimax", r"propranolol", r"metoprolol",
    r"betablokk", r"beta.?blocker", r"amitriptyl", r"sarotex", r"candesartan", r"atacand",
    r"valpro", r"orfiril", r"lyrica", r"pregabalin", r"gabapentin", r"neurontin", r"paracet",
    r"ibuprofen", r"ibux", r"naproxen", r"voltaren", r"diklofenak", r"diclofenac", r"kodein",
    r"codeine", r"pinex", r"paralgin", r"tramadol", r"oxycodon", r"morfin", r"morphine",
    r"opioid", r"vival\b", r"sobril", r"valium", r"diazepam", r"oxazepam", r"zopiklon",
    r"imovane", r"sertralin", r"cipralex", r"escitalopram", r"fluoxetin", r"venlafaxin",
    r"lit?hium", r"aimovig", r"erenumab", r"ajovy", r"fremanezumab", r"emgality",
    r"galcanezumab", r"vyepti", r"eptinezumab", r"cgrp", r"rimegepant", r"vydura",
    r"prednisolon",
)
_HEALTH = re.compile(
    r"(?<![\w])(?:" + "|".join(HEALTH_TERMS) + r")[\w-]*", re.IGNORECASE
)
# Eleven digits, perhaps split after the birth date: a fødselsnummer or D-number.
_NATIONAL_ID = re.compile(r"(?<![\d])\d{6}[ ]?\d{5}(?![\d])")
# Eight digits (a Norwegian phone number), perhaps with +47 and spaces or hyphens. Dots are
# not allowed between digits, so that dates such as 12.03.2024 are not taken for numbers.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)47[ -]?)?(?:\d[ -]?){7}\d(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Flag:
    """One reason the moderator should look: what kind, where in the text, and why."""

    kind: str
    start: int
    end: int
    words: str
    reason: str


@dataclass(frozen=True)
class Part:
    """A piece of a text for display: flagged pieces are highlighted for the moderator."""

    text: str
    flagged: bool


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'«»“”‘’(")
    return not before or before[-1] in ".!?…:\n"


def _names(text: str, allowed: frozenset[str]) -> list[Flag]:
    flags: list[Flag] = []
    for match in _TITLE_NAME.finditer(text):
        words = [w for w in match.group("name").split(" ") if w.lower() not in allowed]
        if not words:
            continue
        flags.append(Flag(NAME, match.start(), match.end(), match.group(0), _(
            "“%(words)s” looks like a person's name (a capitalised word after “%(title)s”)."
        ) % {"words": match.group("name"), "title": match.group("title")}))
    for match in _TITLE_LOWER_NAME.finditer(text):
        name = match.group("name")
        if name.lower() in _NOT_A_NAME or name.lower() in allowed:
            continue
        flags.append(Flag(NAME, match.start(), match.end(), match.group(0), _(
            "“%(words)s” may be a person's name (a word after “%(title)s”)."
        ) % {"words": name, "title": match.group("title")}))
    run: list[re.Match[str]] = []

    def close_run() -> None:
        # "Takk Per!": after an everyday first word, one capitalised word is enough.
        needed = 2
        if len(run) >= 2 and _sentence_start(text, run[0].start()) and (
            run[0].group(0).lower() in _COMMON_STARTERS
        ):
            del run[0]
            needed = 1
        named = [m for m in run if m.group(0).lower() not in allowed]
        if len(run) >= needed and named:
            words = text[run[0].start():run[-1].end()]
            flags.append(Flag(NAME, run[0].start(), run[-1].end(), words, _(
                "“%(words)s” may be a person's name (capitalised words in a row)."
            ) % {"words": words}))
        run.clear()

    for match in _WORD.finditer(text):
        word = match.group(0)
        capitalised = word[0].isupper() and not (len(word) > 1 and word.isupper())
        joined = bool(run) and text[run[-1].end():match.start()] == " "
        if capitalised and (not run or joined):
            run.append(match)
            continue
        close_run()
        if capitalised:
            run.append(match)
    close_run()
    return flags


def _simple(pattern: re.Pattern[str], kind: str, message: str, text: str) -> list[Flag]:
    return [
        Flag(kind, m.start(), m.end(), m.group(0), message % {"words": m.group(0).strip()})
        for m in pattern.finditer(text)
    ]


def screen(text: str, *, allowed: Iterable[str] = ()) -> list[Flag]:
    """Every flag in `text`, in reading order. `allowed` words (the clinic's own name, its
    town) are never taken for a person's name."""
    allowed_words = frozenset(w.lower() for phrase in allowed for w in _WORD.findall(phrase))
    national = _simple(_NATIONAL_ID, NATIONAL_ID, _(
        "“%(words)s” looks like a national identity number."), text)
    phones = [
        flag for flag in _simple(_PHONE, PHONE, _("“%(words)s” looks like a phone number."), text)
        if not any(n.start <= flag.start < n.end for n in national)
    ]
    flags = [
        *_names(text, allowed_words),
        *_simple(_HEALTH, HEALTH, _(
            "“%(words)s” is a health detail (a diagnosis, condition or medicine)."), text),
        *national,
        *phones,
        *_simple(_EMAIL, EMAIL, _("“%(words)s” looks like an e-mail address."), text),
    ]
    # A name already flagged after a title need not be flagged again as a run of capitals.
    flags = [
        flag for i, flag in enumerate(flags)
        if not any(
            j != i and other.kind == flag.kind
            and other.start <= flag.start and flag.end <= other.end
            and ((other.start, other.end) != (flag.start, flag.end) or j < i)
            for j, other in enumerate(flags)
        )
    ]
    return sorted(flags, key=lambda flag: (flag.start, flag.end))


def screen_shown_name(name: str) -> list[Flag]:
    """A shown-as name should be a first name or an alias: two capitalised words look like a
    full name, and contact details or health words do not belong there either."""
    flags = [f for f in screen(name) if f.kind != NAME]
    words = [w for w in _WORD.findall(name) if w[0].isupper()]
    if len(words) >= 2:
        flags.insert(0, Flag(NAME, 0, len(name), name, _(
            "The shown-as name “%(words)s” looks like a full name.") % {"words": name}))
    return flags


def highlight(text: str, flags: Iterable[Flag]) -> list[Part]:
    """`text` cut into plain and flagged parts (overlapping flags are merged)."""
    spans: list[list[int]] = []
    for flag in sorted(flags, key=lambda f: f.start):
        if spans and flag.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], flag.end)
        else:
            spans.append([flag.start, flag.end])
    parts: list[Part] = []
    at = 0
    for start, end in spans:
        if start > at:
            parts.append(Part(text[at:start], False))
        parts.append(Part(text[start:end], True))
        at = end
    if at < len(text):
        parts.append(Part(text[at:], False))
    return parts
