"""Access-matrix rows for the patient's diary and medicine list."""

from __future__ import annotations

import datetime as dt

from bontrack.patients.diary_models import Medication
from tests.matrix.base import PATIENTS, Row, for_group
from tests.personas import Cast

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def _alices_medicine(cast: Cast) -> str:
    medicine, _ = Medication.objects.get_or_create(
        patient=cast.alice_patient, name="Sumatriptan", kind="acute", drug_class="triptan"
    )
    return f"/portal/medisiner/{medicine.pk}/"


ROWS: list[Row] = [
    Row("portal/dagbok/", lambda c: "/portal/dagbok/", for_group(PATIENTS, 200)),
    Row(
        "portal/dagbok/<str:date>/",
        lambda c: f"/portal/dagbok/{YESTERDAY}/",
        for_group(PATIENTS, 200),
    ),
    Row(
        "portal/dagbok/<str:date>/ingen-hodepine/",
        lambda c: f"/portal/dagbok/{YESTERDAY}/ingen-hodepine/",
        for_group(PATIENTS, 302),
        method="post",
    ),
    Row(
        "portal/dagbok/<str:date>/historikk/",
        lambda c: f"/portal/dagbok/{YESTERDAY}/historikk/",
        for_group(PATIENTS, 200),
    ),
    Row("portal/dagbok/importer/", lambda c: "/portal/dagbok/importer/", for_group(PATIENTS, 200)),
    Row(
        "portal/dagbok/eksport.csv",
        lambda c: "/portal/dagbok/eksport.csv",
        for_group(PATIENTS, 200),
    ),
    Row("portal/medisiner/", lambda c: "/portal/medisiner/", for_group(PATIENTS, 200)),
    # Alice's medicine: Bob gets 404, as for anything that is not his.
    Row(
        "portal/medisiner/<int:medication_id>/", _alices_medicine, for_group(PATIENTS, 200, bob=404)
    ),
]
