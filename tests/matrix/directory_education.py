"""Access-matrix rows for the education pages (/om-behandlingen/), sitemap.xml and robots.txt:
public pages, the same for everyone."""

from __future__ import annotations

from tests.matrix.base import Row, expect

_SELF_CHECK = {
    "headache_days": "16",
    "migraine_days": "8",
    "duration": "long",
    "acute_days": "4",
    "strong_days": "0",
}

ROWS: list[Row] = [
    Row("om-behandlingen/", lambda c: "/om-behandlingen/", expect(200)),
    Row("om-behandlingen/migrene/", lambda c: "/om-behandlingen/migrene/", expect(200)),
    Row(
        "om-behandlingen/slik-foregar-behandlingen/",
        lambda c: "/om-behandlingen/slik-foregar-behandlingen/",
        expect(200),
    ),
    Row(
        "om-behandlingen/hva-kan-du-forvente/",
        lambda c: "/om-behandlingen/hva-kan-du-forvente/",
        expect(200),
    ),
    Row("om-behandlingen/bivirkninger/", lambda c: "/om-behandlingen/bivirkninger/", expect(200)),
    Row(
        "om-behandlingen/kostnader/",
        lambda c: "/om-behandlingen/kostnader/?units=195",
        expect(200),
    ),
    Row("om-behandlingen/bla-resept/", lambda c: "/om-behandlingen/bla-resept/", expect(200)),
    Row(
        "om-behandlingen/passer-det-for-meg/",
        lambda c: "/om-behandlingen/passer-det-for-meg/",
        expect(200),
        method="post",
        data=lambda c: _SELF_CHECK,
    ),
    Row("sitemap.xml", lambda c: "/sitemap.xml", expect(200)),
    Row("robots.txt", lambda c: "/robots.txt", expect(200)),
]
