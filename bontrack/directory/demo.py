"""Demo directory: 25 invented clinics across Norway with prices, waits and ratings.

Public units are named after an invented "Eksempel sykehus" in a real town; private clinics
have made-up names, and every description says the clinic is invented. Phone numbers look
Norwegian, e-mail and web addresses use the reserved .example domain. The listing of the
accounts demo's clinic (demo-oslo) is linked to it, so its clinic admin can edit it.

Idempotent: a listing that exists is left as it is (only its clinic link is ensured).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bontrack.accounts.models import Clinic
from bontrack.demo import LOADERS, DemoLogin
from bontrack.directory.models import Listing, Offering, Postcode, Rating, Treatment

# The accounts demo's clinic A, whose clinic admin edits the listing below.
DEMO_CLINIC_SLUG = "demo-oslo"
DEMO_LISTING_SLUG = "smerteklinikken-oslo-demo"
PATIENT_FEE = 375  # the public units' patient fee per visit in the demo (data, not a rule)

PUBLIC = Listing.Kind.PUBLIC
PRIVATE = Listing.Kind.PRIVATE
CM = Treatment.CHRONIC_MIGRAINE
PAIN = Treatment.PAIN
NECK = Treatment.NECK_SHOULDER
JAW = Treatment.JAW


@dataclass(frozen=True)
class DemoClinic:
    slug: str
    name: str
    kind: str
    postcode: str
    street: str
    # (treatment, price from, wait weeks, days since the price was confirmed, days since the
    # wait was updated)
    offers: tuple[tuple[str, int | None, int | None, int, int], ...]
    ratings: int
    quality: float  # 0 (poor) to 1 (excellent): how the invented patients rate it
    blue: bool = False
    advertised: bool = False
    hours: str = "weekdays"


CLINICS: tuple[DemoClinic, ...] = (
    # Public hospital units, several health regions: the patient pays the patient fee.
    DemoClinic(
        "hodepine-eksempel-sykehus-oslo",
        "Hodepinepoliklinikken, Eksempel sykehus Oslo",
        PUBLIC,
        "0450",
        "Sykehusveien 12",
        ((CM, PATIENT_FEE, 22, 12, 12), (PAIN, PATIENT_FEE, 26, 12, 12)),
        38,
        0.7,
    ),
    DemoClinic(
        "smerte-eksempel-sykehus-tromso",
        "Smerteklinikken, Eksempel sykehus Tromsø",
        PUBLIC,
        "9019",
        "Sykehusvegen 38",
        ((CM, PATIENT_FEE, 14, 20, 20), (PAIN, PATIENT_FEE, 18, 20, 20)),
        17,
        0.8,
    ),
    DemoClinic(
        "nevro-eksempel-sykehus-bergen",
        "Nevrologisk poliklinikk, Eksempel sykehus Bergen",
        PUBLIC,
        "5021",
        "Jonas Lies vei 70",
        ((CM, PATIENT_FEE, 16, 48, 48),),
        26,
        0.65,
    ),
    DemoClinic(
        "hodepine-eksempel-sykehus-trondheim",
        "Hodepinepoliklinikken, Eksempel sykehus Trondheim",
        PUBLIC,
        "7030",
        "Prinsesse Kristinas gate 5",
        ((CM, PATIENT_FEE, 12, 3, 3), (PAIN, PATIENT_FEE, 20, 3, 3)),
        31,
        0.85,
    ),
    DemoClinic(
        "nevro-eksempel-sykehus-stavanger",
        "Nevrologisk poliklinikk, Eksempel sykehus Stavanger",
        PUBLIC,
        "4011",
        "Gerd-Ragna Bloch Thorsens gate 8",
        ((CM, PATIENT_FEE, 24, 70, 70),),
        9,
        0.55,
    ),
    DemoClinic(
        "smerte-eksempel-sykehus-bodo",
        "Smertepoliklinikken, Eksempel sykehus Bodø",
        PUBLIC,
        "8092",
        "Parkveien 95",
        ((CM, PATIENT_FEE, 18, 25, 25), (PAIN, PATIENT_FEE, 30, 25, 25)),
        6,
        0.75,
    ),
    DemoClinic(
        "nevro-eksempel-sykehus-kristiansand",
        "Nevrologisk poliklinikk, Eksempel sykehus Kristiansand",
        PUBLIC,
        "4615",
        "Egsveien 100",
        ((CM, PATIENT_FEE, 15, 8, 8),),
        14,
        0.7,
    ),
    DemoClinic(
        "hodepine-eksempel-sykehus-lillehammer",
        "Hodepinepoliklinikken, Eksempel sykehus Lillehammer",
        PUBLIC,
        "2609",
        "Anders Sandvigs gate 17",
        ((CM, PATIENT_FEE, 20, 40, 10),),
        11,
        0.6,
    ),
    DemoClinic(
        "nevro-eksempel-sykehus-alesund",
        "Nevrologisk poliklinikk, Eksempel sykehus Ålesund",
        PUBLIC,
        "6017",
        "Åsehaugen 5",
        ((CM, PATIENT_FEE, 19, 15, 15), (PAIN, PATIENT_FEE, 28, 15, 15)),
        8,
        0.7,
    ),
    DemoClinic(
        "nevro-eksempel-sykehus-drammen",
        "Nevrologisk poliklinikk, Eksempel sykehus Drammen",
        PUBLIC,
        "3004",
        "Dronninggata 28",
        ((CM, PATIENT_FEE, 17, 33, 33),),
        19,
        0.5,
    ),
    DemoClinic(
        "smerte-eksempel-sykehus-hammerfest",
        "Smerteklinikken, Eksempel sykehus Hammerfest",
        PUBLIC,
        "9613",
        "Sykehusveien 35",
        ((CM, PATIENT_FEE, 28, 90, 90),),
        2,
        0.6,
    ),
    DemoClinic(
        "nevro-eksempel-sykehus-skien",
        "Nevrologisk poliklinikk, Eksempel sykehus Skien",
        PUBLIC,
        "3710",
        "Ulefossvegen 55",
        ((CM, PATIENT_FEE, 21, 5, 5),),
        0,
        0.6,
    ),
    # Private clinics, invented names: self-pay prices, short waits.
    DemoClinic(
        DEMO_LISTING_SLUG,
        "Smerteklinikken Oslo (demo)",
        PRIVATE,
        "0161",
        "Demogata 1",
        ((CM, 4900, 3, 10, 10), (PAIN, 4200, 4, 10, 10), (NECK, 3900, 4, 10, 10)),
        23,
        0.8,
        blue=True,
    ),
    DemoClinic(
        "kvitveis-hodepineklinikk",
        "Kvitveis Hodepineklinikk",
        PRIVATE,
        "0370",
        "Kirkeveien 140",
        ((CM, 5400, 2, 2, 2), (NECK, 3800, 2, 2, 2)),
        40,
        0.9,
        blue=True,
        advertised=True,
        hours="late_thursday",
    ),
    DemoClinic(
        "fjellsyre-nevroklinikk",
        "Fjellsyre Nevroklinikk",
        PRIVATE,
        "5003",
        "Strandkaien 4",
        ((CM, 5900, 4, 60, 60), (PAIN, 4600, 5, 60, 60)),
        21,
        0.75,
        blue=True,
    ),
    DemoClinic(
        "tyttebaer-helse",
        "Tyttebær Helse",
        PRIVATE,
        "7011",
        "Olav Tryggvasons gate 20",
        ((CM, 4500, 3, 14, 14), (JAW, 3500, 2, 14, 14), (NECK, 3700, 2, 14, 14)),
        28,
        0.85,
        hours="saturday",
    ),
    DemoClinic(
        "lyngblomst-hodepinesenter",
        "Lyngblomst Hodepinesenter",
        PRIVATE,
        "4006",
        "Klubbgata 9",
        ((CM, 6500, 2, 28, 28), (PAIN, 5500, 3, 28, 28)),
        12,
        0.6,
        advertised=True,
    ),
    DemoClinic(
        "rodklover-klinikk",
        "Rødkløver Klinikk",
        PRIVATE,
        "1607",
        "Nygaardsgata 15",
        ((CM, 3900, 6, 45, 45), (JAW, 3500, 3, 45, 45)),
        7,
        0.45,
    ),
    DemoClinic(
        "multebaer-smerteklinikk",
        "Multebær Smerteklinikk",
        PRIVATE,
        "9009",
        "Storgata 66",
        ((CM, 5200, 5, 6, 6), (PAIN, 4800, 6, 6, 6)),
        15,
        0.8,
        blue=True,
    ),
    DemoClinic(
        "havglott-nevrologi",
        "Havgløtt Nevrologi",
        PRIVATE,
        "1337",
        "Sandviksveien 22",
        ((CM, 4700, 2, 1, 1), (PAIN, 3900, 3, 1, 1), (NECK, 3600, 2, 1, 1)),
        33,
        0.9,
        blue=True,
        hours="late_thursday",
    ),
    DemoClinic(
        "solbaer-hodepineklinikk",
        "Solbær Hodepineklinikk",
        PRIVATE,
        "3110",
        "Nedre Langgate 30",
        ((CM, 4300, 4, 38, 20),),
        10,
        0.7,
    ),
    DemoClinic(
        "einerbakken-smertesenter",
        "Einerbakken Smertesenter",
        PRIVATE,
        "2000",
        "Storgata 3",
        ((PAIN, 4100, 3, 9, 9), (NECK, 3500, 2, 9, 9), (JAW, 3600, 2, 9, 9)),
        18,
        0.65,
        hours="saturday",
    ),
    DemoClinic(
        "krekling-klinikk",
        "Krekling Klinikk",
        PRIVATE,
        "8005",
        "Sjøgata 12",
        ((CM, 5600, 8, 100, 100), (JAW, 4000, 4, 100, 100)),
        4,
        0.5,
    ),
    DemoClinic(
        "skjaergardsro-hodepineklinikk",
        "Skjærgårdsro Hodepineklinikk",
        PRIVATE,
        "4836",
        "Langbryggen 7",
        ((CM, 4800, 3, 21, 21), (NECK, 3900, 3, 21, 21)),
        13,
        0.75,
        blue=True,
    ),
    DemoClinic(
        "kastanje-nevroklinikk",
        "Kastanje Nevroklinikk",
        PRIVATE,
        "2317",
        "Torggata 41",
        ((CM, 4400, 5, 30, 50), (PAIN, 4000, 6, 30, 50)),
        1,
        0.9,
    ),
)

HOURS = {
    "weekdays": [{"day": d, "opens": "08:00", "closes": "15:30"} for d in range(5)],
    "late_thursday": [
        {"day": d, "opens": "08:30", "closes": "19:00" if d == 3 else "16:00"} for d in range(5)
    ],
    "saturday": [{"day": d, "opens": "09:00", "closes": "17:00"} for d in range(5)]
    + [{"day": 5, "opens": "10:00", "closes": "14:00"}],
}

PUBLIC_ROLES = ["Nevrolog", "Lege i spesialisering", "Sykepleier", "Sekretær"]
PRIVATE_ROLES = (
    ["Nevrolog", "Sykepleier"],
    ["Nevrolog", "Anestesilege", "Sykepleier"],
    ["Anestesilege", "Fysioterapeut", "Sykepleier"],
    ["Nevrolog", "Kjevespesialist", "Sykepleier"],
)

# Invented experiences by stars; none is from a real person.
TEXTS: dict[int, tuple[str, ...]] = {
    5: (
        "Ble tatt godt imot, og legen forklarte hvert stikk før det kom. Færre anfall etter "
        "andre runde.",
        "Trygt og ryddig. Jeg fikk god tid til spørsmål, og oppfølgingen på telefon var fin.",
        "Etter tre behandlinger har jeg fått mange gode dager tilbake. Anbefales.",
        "Kort ventetid og hyggelig personale. Behandlingen tok under en halvtime.",
        "Endelig noen som tok hodepinen min på alvor. God informasjon om bivirkninger.",
        "Profesjonelt fra start til slutt. Dagboken jeg førte ble brukt i samtalen.",
    ),
    4: (
        "God behandling og flinke folk, men litt lang venting i resepsjonen.",
        "Merket effekt etter et par uker. Stikkene var ubehagelige, men gikk fort.",
        "Greit forklart hva jeg kunne forvente. Savnet litt mer oppfølging mellom timene.",
        "Bra opplegg, og lett å finne fram. Parkeringen er litt dyr.",
        "Ryddig klinikk og god lege. Noe stivhet i nakken første uken, som gikk over.",
    ),
    3: (
        "Behandlingen var grei nok, men det tok tid å få svar på meldinger.",
        "Litt effekt så langt. Legen var hyggelig, men timen føltes travel.",
        "Helt OK. Vanskelig å få time på ettermiddagen.",
    ),
    2: (
        "Lite informasjon om hva som skulle skje etter behandlingen.",
        "Timen ble flyttet to ganger med kort varsel.",
    ),
    1: (
        "Ventet lenge uten beskjed, og fikk ikke svar på spørsmålene mine.",
        "Følte meg ikke hørt. Har byttet klinikk.",
    ),
}
ALIASES = ("Kari", "Ola", "Migrenemor", "Anne fra Bodø", "Hodepinefri", "Trond", "Ingrid", "")
REPLY = "Takk for at du delte erfaringen din. Vi tar tilbakemeldingen med oss i arbeidet videre."


def _stars(rng: random.Random, quality: float) -> int:
    # Most patients rate near the clinic's quality; a few are much happier or unhappier.
    centre = 1 + 4 * quality + rng.gauss(0, 0.9)
    return max(1, min(5, round(centre)))


def _description(clinic: DemoClinic, place: str) -> tuple[str, str]:
    fiction = "Dette er en oppdiktet klinikk i bontracks demodata."
    fiction_en = "This clinic is invented for bontrack's demo data."
    if clinic.kind == PUBLIC:
        return (
            f"Poliklinikken utreder og behandler kronisk migrene og langvarige smertetilstander "
            f"for pasienter i regionen rundt {place}. Du trenger henvisning fra fastlege eller "
            f"annen lege. Legemiddelet dekkes av sykehuset; du betaler egenandel. {fiction}",
            f"The unit assesses and treats chronic migraine and long-lasting pain for patients "
            f"in the region around {place}. You need a referral from your GP or another "
            f"doctor. The hospital pays for the drug; you pay the patient fee. {fiction_en}",
        )
    return (
        f"Privat klinikk i {place} med behandling med botulinumtoksin ved kronisk migrene og "
        f"andre smertetilstander. Første time er en samtale og undersøkelse; behandlingen tar "
        f"omtrent 20 minutter. Ta med hodepinedagboken din. {fiction}",
        ""
        if clinic.ratings % 2
        else (
            f"Private clinic in {place} offering botulinum toxin treatment for chronic migraine "
            f"and other pain conditions. The first visit is a consultation and examination; the "
            f"treatment takes about 20 minutes. Bring your headache diary. {fiction_en}"
        ),
    )


def _listing(clinic: DemoClinic, n: int, today: dt.date, rng: random.Random) -> Listing:
    postcode = Postcode.objects.get(pk=clinic.postcode)
    description, description_en = _description(clinic, postcode.place)
    domain = clinic.slug.split("-eksempel")[0] if clinic.kind == PUBLIC else clinic.slug
    return Listing.objects.create(
        slug=clinic.slug,
        name=clinic.name,
        kind=clinic.kind,
        description=description,
        description_en=description_en,
        staff_roles=PUBLIC_ROLES if clinic.kind == PUBLIC else PRIVATE_ROLES[n % 4],
        blue_prescription=clinic.blue,
        street_address=clinic.street,
        postcode=postcode,
        latitude=postcode.latitude + rng.uniform(-0.004, 0.004),
        longitude=postcode.longitude + rng.uniform(-0.006, 0.006),
        where_to_meet=(
            f"Bygg {n % 4 + 1}, {n % 3 + 1}. etasje, inngang {'ABC'[n % 3]}. Meld deg i "
            "resepsjonen."
        ),
        parking=(
            "Parkeringshus ved hovedinngangen, betaling med app."
            if clinic.kind == PUBLIC
            else "Gateparkering med avgift; nærmeste parkeringshus ligger to kvartaler unna."
        ),
        public_transport=(
            f"Buss {10 + n} til holdeplassen {postcode.place} sentrum, "
            f"deretter {3 + n % 6} minutters gange."
        ),
        phone=f"{21 + n % 70:02d} 99 {n:02d} {(n * 37) % 100:02d}",
        email=f"post@{domain}.example",
        website=f"https://{domain}.example/",
        opening_hours=HOURS[clinic.hours],
        advertised_until=today + dt.timedelta(days=60) if clinic.advertised else None,
        created_at=timezone.now() - dt.timedelta(days=400),
    )


def _offerings(listing: Listing, clinic: DemoClinic, today: dt.date) -> None:
    Offering.objects.bulk_create(
        Offering(
            listing=listing,
            treatment=treatment,
            price_from=price,
            price_confirmed_on=today - dt.timedelta(days=price_age),
            wait_weeks=wait,
            wait_updated_on=today - dt.timedelta(days=wait_age),
            note="Egenandel per besøk" if clinic.kind == PUBLIC else "",
        )
        for treatment, price, wait, price_age, wait_age in clinic.offers
    )


def _ratings(listing: Listing, clinic: DemoClinic, rng: random.Random) -> None:
    now = timezone.now()
    rows = []
    for i in range(clinic.ratings):
        stars = _stars(rng, clinic.quality)
        submitted = now - dt.timedelta(days=rng.randint(3, 720), hours=rng.randint(0, 23))
        verified = rng.random() < 0.4
        replied = stars <= 3 and i % 3 == 0
        rows.append(
            Rating(
                listing=listing,
                stars=stars,
                text=rng.choice(TEXTS[stars]),
                display_name="" if verified else rng.choice(ALIASES),
                verified=verified,
                status=Rating.Status.PUBLISHED,
                submitted_at=submitted,
                moderated_at=None if verified else submitted + dt.timedelta(hours=20),
                reply=REPLY if replied else "",
                reply_at=submitted + dt.timedelta(days=2) if replied else None,
            )
        )
    # One public submission still waiting for a moderator, so the queue has something in it.
    if clinic.ratings >= 20:
        rows.append(
            Rating(
                listing=listing,
                stars=4,
                text="Fin behandling, men jeg lurer på om effekten varer.",
                display_name="Sigrid",
                status=Rating.Status.PENDING,
            )
        )
    Rating.objects.bulk_create(rows)


def _refresh(listing: Listing) -> None:
    from bontrack.directory.ratings import refresh_listing_rating

    refresh_listing_rating(listing.pk)


def load() -> list[DemoLogin]:
    today = timezone.localdate()
    with transaction.atomic():
        existing = set(
            Listing.objects.filter(slug__in=[c.slug for c in CLINICS]).values_list(
                "slug", flat=True
            )
        )
        for n, clinic in enumerate(CLINICS, start=1):
            if clinic.slug in existing:
                continue
            rng = random.Random(clinic.slug)  # the same clinic gets the same data every time
            listing = _listing(clinic, n, today, rng)
            _offerings(listing, clinic, today)
            _ratings(listing, clinic, rng)
            _refresh(listing)
        demo_clinic = Clinic.objects.filter(slug=DEMO_CLINIC_SLUG).first()
        if demo_clinic is not None:
            Listing.objects.filter(slug=DEMO_LISTING_SLUG, clinic__isnull=True).update(
                clinic=demo_clinic
            )
    return []


LOADERS.append(("directory", load))
