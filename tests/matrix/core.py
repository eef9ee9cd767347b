"""Access-matrix rows for the project pages, log-in, the portal's record pages, the clinic
workspace's patient pages, referrer home and the API."""

from __future__ import annotations

from tests.matrix.base import PATIENTS, STAFF, Row, expect, for_group
from tests.personas import Cast


def _alice(cast: Cast) -> int:
    return cast.alice_patient.pk


ROWS: list[Row] = [
    Row("", lambda c: "/", expect(200)),
    Row("healthz", lambda c: "/healthz", expect(200)),
    Row("readyz", lambda c: "/readyz", expect(200)),
    Row(
        "i18n/setlang/",
        lambda c: "/i18n/setlang/",
        expect(302),
        method="post",
        data=lambda c: {"language": "en", "next": "/"},
    ),
    Row("logg-inn/", lambda c: "/logg-inn/", expect(302, anonymous=200)),
    Row("logg-inn/kode/", lambda c: "/logg-inn/kode/", for_group(STAFF | {"pat"}, 200, others=302)),
    Row(
        "logg-inn/tofaktor/",
        lambda c: "/logg-inn/tofaktor/",
        for_group(PATIENTS | {"frank"}, 200, others=302),
    ),
    Row("logg-inn/glemt-passord/", lambda c: "/logg-inn/glemt-passord/", expect(200)),
    Row("logg-inn/glemt-passord/sendt/", lambda c: "/logg-inn/glemt-passord/sendt/", expect(200)),
    Row(
        "logg-inn/nytt-passord/<uidb64>/<token>/",
        lambda c: "/logg-inn/nytt-passord/MQ/invalid-token/",
        expect(200),
    ),
    Row("logg-inn/nytt-passord/ferdig/", lambda c: "/logg-inn/nytt-passord/ferdig/", expect(200)),
    Row("logg-ut/", lambda c: "/logg-ut/", expect(302), method="post"),
    Row("hjem/", lambda c: "/hjem/", expect(302)),
    Row("portal/", lambda c: "/portal/", for_group(PATIENTS, 200)),
    Row("portal/innsyn/", lambda c: "/portal/innsyn/", for_group(PATIENTS, 200)),
    Row("portal/mine-data/", lambda c: "/portal/mine-data/", for_group(PATIENTS, 200)),
    Row(
        "portal/mine-data/last-ned/",
        lambda c: "/portal/mine-data/last-ned/",
        for_group(PATIENTS, 200),
        method="post",
    ),
    Row(
        "portal/mine-data/sletting/",
        lambda c: "/portal/mine-data/sletting/",
        for_group(PATIENTS, 302),
        method="post",
        data=lambda c: {"confirm": "on"},
    ),
    Row("klinikk/", lambda c: "/klinikk/", for_group(STAFF, 200)),
    Row(
        "klinikk/pasienter/sok/",
        lambda c: "/klinikk/pasienter/sok/",
        for_group(STAFF, 200, carol=302, dave=302),
        method="post",
        data=lambda c: {"national_id": c.alice_patient.national_id},
    ),
    Row(
        "klinikk/pasienter/<int:patient_id>/",
        lambda c: f"/klinikk/pasienter/{_alice(c)}/",
        for_group(STAFF, 200, erin=404, ola=404),
    ),
    Row("klinikk/nodtilgang/", lambda c: "/klinikk/nodtilgang/", for_group({"dave", "erin"}, 200)),
    Row("klinikk/logg/", lambda c: "/klinikk/logg/", for_group({"ola"}, 200)),
    Row("henvisning/", lambda c: "/henvisning/", for_group({"frank"}, 200)),
    Row("api/v1/", lambda c: "/api/v1/", expect(404)),
    Row("api/v1/openapi.json", lambda c: "/api/v1/openapi.json", expect(200)),
    Row("api/v1/info", lambda c: "/api/v1/info", expect(200)),
    Row("api/v1/me", lambda c: "/api/v1/me", expect(200, anonymous=401)),
    Row("api/v1/patients", lambda c: "/api/v1/patients", expect(200, anonymous=401)),
    Row(
        "api/v1/patients/<patient_id>",
        lambda c: f"/api/v1/patients/{_alice(c)}",
        expect(404, anonymous=401, alice=200, carol=200, dave=200),
    ),
    # The admin site is one row: every admin page sits behind the same admin_view check.
    Row("admin/", lambda c: "/admin/", expect(302, pat=200)),
]


def _alices_day(cast: Cast) -> str:
    import datetime as dt

    from bontrack.patients.diary_models import DiaryEntry

    day = dt.date.today() - dt.timedelta(days=3)
    DiaryEntry.objects.get_or_create(patient=cast.alice_patient, date=day)
    return f"/klinikk/pasienter/{_alice(cast)}/dagbok/{day.isoformat()}/"


ROWS += [
    Row(
        "klinikk/pasienter/<int:patient_id>/dagbok/",
        lambda c: f"/klinikk/pasienter/{_alice(c)}/dagbok/",
        for_group(STAFF, 200, erin=404, ola=404),
    ),
    Row(
        "klinikk/pasienter/<int:patient_id>/dagbok/<str:date>/",
        _alices_day,
        for_group(STAFF, 200, erin=404, ola=404),
    ),
]
