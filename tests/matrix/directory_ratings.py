"""Access-matrix rows for experiences (ratings), their moderation and the clinic's replies.

The public side (/klinikker/<slug>/erfaring/ny/, reporting under /klinikker/erfaring/) is open
to everyone: a filled-in form is accepted with a redirect, an empty one answers 400, a
pending experience cannot be reported (404). The moderation queue (/moderering/) is for the
platform admin pat only; everyone else logged in gets 403. The clinic's experiences page
(/klinikk/erfaringer/) is for clinic A's administrator ola.
"""

from __future__ import annotations

from bontrack.directory.models import AbuseReport, Rating
from tests.directory.rating_helpers import clinic_listing, make_rating, rating_data, report_data
from tests.matrix.base import Row, expect, for_group
from tests.personas import Cast

PAT = for_group({"pat"}, 302)
OLA = for_group({"ola"}, 302)


def _slug(cast: Cast) -> str:
    return clinic_listing(cast.clinic_a).slug


def _published(cast: Cast) -> int:
    return make_rating(clinic_listing(cast.clinic_a)).pk


def _pending(cast: Cast) -> int:
    return make_rating(clinic_listing(cast.clinic_a), status=Rating.Status.PENDING).pk


def _held_reply(cast: Cast) -> int:
    rating = make_rating(clinic_listing(cast.clinic_a), reply="Spør etter Kari Olsen.",
                         reply_by=cast.ola)
    return rating.pk


def _report(cast: Cast) -> int:
    rating = make_rating(clinic_listing(cast.clinic_a))
    return AbuseReport.objects.create(rating=rating, reason="Ikke om denne klinikken.").pk


ROWS: list[Row] = [
    Row("klinikker/<slug:slug>/erfaring/ny/",
        lambda c: f"/klinikker/{_slug(c)}/erfaring/ny/", expect(200)),
    Row("klinikker/<slug:slug>/erfaring/ny/", lambda c: "/klinikker/finnes-ikke/erfaring/ny/",
        expect(404)),
    Row("klinikker/<slug:slug>/erfaring/ny/",
        lambda c: f"/klinikker/{_slug(c)}/erfaring/ny/", expect(302), method="post",
        data=lambda c: rating_data()),
    Row("klinikker/<slug:slug>/erfaring/ny/",
        lambda c: f"/klinikker/{_slug(c)}/erfaring/ny/", expect(400), method="post"),
    Row("klinikker/<slug:slug>/erfaring/takk/",
        lambda c: f"/klinikker/{_slug(c)}/erfaring/takk/?venter=1", expect(200)),
    Row("klinikker/erfaring/<int:pk>/meld/",
        lambda c: f"/klinikker/erfaring/{_published(c)}/meld/", expect(200)),
    Row("klinikker/erfaring/<int:pk>/meld/",
        lambda c: f"/klinikker/erfaring/{_pending(c)}/meld/", expect(404)),
    Row("klinikker/erfaring/<int:pk>/meld/",
        lambda c: f"/klinikker/erfaring/{_published(c)}/meld/", expect(302), method="post",
        data=lambda c: report_data()),
    Row("klinikker/erfaring/meldt/", lambda c: f"/klinikker/erfaring/meldt/?klinikk={_slug(c)}",
        expect(200)),
    Row("moderering/", lambda c: "/moderering/", for_group({"pat"}, 200)),
    Row("moderering/erfaring/<int:pk>/", lambda c: f"/moderering/erfaring/{_pending(c)}/", PAT,
        method="post", data=lambda c: {"action": "approve"}),
    Row("moderering/erfaring/<int:pk>/", lambda c: f"/moderering/erfaring/{_pending(c)}/",
        for_group({"pat"}, 400), method="post", data=lambda c: {"action": "reject"}),
    Row("moderering/svar/<int:pk>/", lambda c: f"/moderering/svar/{_held_reply(c)}/", PAT,
        method="post", data=lambda c: {"action": "approve"}),
    Row("moderering/melding/<int:pk>/", lambda c: f"/moderering/melding/{_report(c)}/", PAT,
        method="post", data=lambda c: {"action": "dismiss"}),
    Row("klinikk/erfaringer/", lambda c: "/klinikk/erfaringer/", for_group({"ola"}, 200)),
    Row("klinikk/erfaringer/<int:pk>/svar/",
        lambda c: f"/klinikk/erfaringer/{_published(c)}/svar/", OLA, method="post",
        data=lambda c: {"text": "Takk for at du delte erfaringen."}),
    Row("klinikk/erfaringer/<int:pk>/svar/",
        lambda c: f"/klinikk/erfaringer/{_published(c)}/svar/", for_group({"ola"}, 400),
        method="post"),
]
