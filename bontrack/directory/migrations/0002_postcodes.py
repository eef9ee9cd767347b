"""Load the postcode table (bontrack/directory/data/postcodes.csv) that distances use.

Idempotent: running it again updates rows in place. Reversing it deletes the table's codes
that no listing uses (a listing's postcode is protected)."""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "postcodes.csv"


def read_rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines):
        yield {
            "code": row["code"].strip(),
            "place": row["place"].strip(),
            "municipality": row["municipality"].strip(),
            "county": row["county"].strip(),
            "latitude": float(row["latitude"]),
            "longitude": float(row["longitude"]),
        }


def load(apps, schema_editor):
    Postcode = apps.get_model("directory", "Postcode")
    rows = list(read_rows())
    have = set(Postcode.objects.values_list("code", flat=True))
    Postcode.objects.bulk_create([Postcode(**row) for row in rows if row["code"] not in have])
    for row in rows:
        if row["code"] in have:
            Postcode.objects.filter(code=row["code"]).update(
                **{key: value for key, value in row.items() if key != "code"}
            )


def unload(apps, schema_editor):
    Postcode = apps.get_model("directory", "Postcode")
    codes = [row["code"] for row in read_rows()]
    Postcode.objects.filter(code__in=codes, listings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
