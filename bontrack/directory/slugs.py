"""Words a listing's slug may not be, because directory routes under /klinikker/ use them."""

RESERVED_SLUGS = frozenset({"bestilling", "erfaring", "sok", "resultater", "kart", "ny"})
