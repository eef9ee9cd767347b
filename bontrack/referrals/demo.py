"""Demo referrals: 40 from the demo GP, in every state, deadlines near and past (idempotent)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from bontrack.accounts.models import Clinic, ReferrerProfile, User
from bontrack.demo import LOADERS, DemoLogin
from bontrack.patients.models import Enrolment, Patient
from bontrack.patients.nin import make_national_id
from bontrack.referrals.models import Complaint, Event, Referral, Status
from bontrack.referrals.services import triage

COUNT = 40
# (status, how many): every state, with enough accepted ones to fill the waiting list.
PLAN = (
    (Status.DRAFT, 3),
    (Status.RECEIVED, 6),
    (Status.ASSESSING, 4),
    (Status.ACCEPTED, 16),
    (Status.NO_RIGHT, 3),
    (Status.RETURNED, 3),
    (Status.DECLINED, 3),
    (Status.FORWARDED, 2),
)
REASONS = (
    "Kronisk migrene med 18–20 hodepinedager i måneden i over et år. Forebyggende behandling "
    "med propranolol og topiramat har ikke gitt effekt. Ønsker vurdering for behandling med "
    "botulinumtoksin.",
    "Langvarige nakke- og skuldersmerter etter nakkeslengskade, sammensatt smertebilde med "
    "søvnvansker og redusert arbeidsevne. Ber om tverrfaglig utredning.",
    "Migrene med aura, nå med nye nevrologiske utfall (nummenhet i høyre arm). Ber om vurdering.",
)


def _content(rng: random.Random, complete: bool) -> dict[str, object]:
    content: dict[str, object] = {
        "reason": rng.choice(REASONS),
        "diagnoses": "G43.7 Kronisk migrene; F32.1 Moderat depressiv episode",
        "symptoms": "Bankende, ensidig hodepine med kvalme og lysskyhet, 4–72 timer.",
        "medication": "Sumatriptan 50 mg ved anfall (10–12 dager/mnd), paracetamol 1 g. "
        "Propranolol 80 mg (ingen effekt), topiramat 50 mg (bivirkninger).",
    }
    if complete:
        content.update(
            {
                "investigations": "MR caput 2024: normal.",
                "current_treatment": "Amitriptylin 10 mg kveld.",
                "history": "Økende plager siste to år, sykmeldt 50 %.",
                "current_work": "Lærer, 50 % stilling.",
                "nav_benefits": "Sykepenger 50 %.",
                "living_situation": "Bor med samboer og to barn.",
            }
        )
    return content


def load() -> list[DemoLogin]:
    referrer = ReferrerProfile.objects.get(user__email="fastlege@demo.bontrack.no")
    if Referral.objects.filter(referrer=referrer).count() >= COUNT:
        return []
    oslo = Clinic.objects.get(slug="demo-oslo")
    bergen = Clinic.objects.get(slug="demo-bergen")
    coordinator = User.objects.get(email="koordinator@demo.bontrack.no")
    rng = random.Random(40)
    today = timezone.localdate()
    index = 0
    for status, count in PLAN:
        for n in range(count):
            index += 1
            birth = dt.date(rng.randint(1960, 1999), rng.randint(1, 12), rng.randint(1, 28))
            number = (
                make_national_id(birth, 600 + index, synthetic=True)
                if birth.year >= 2000
                else make_national_id(birth, 300 + index, synthetic=True)
            )
            name = (
                f"{rng.choice(('Hanne', 'Mona', 'Tone', 'Rune', 'Geir', 'Silje'))} "
                f"{rng.choice(('Moe', 'Strand', 'Lunde', 'Aas', 'Foss', 'Vik'))}"
            )
            # Accepted ones are spread so that some deadlines are past, some close, some far.
            days_ago = 40 + 4 * n if status == Status.ACCEPTED else rng.randint(2, 60)
            sent = timezone.now() - dt.timedelta(days=days_ago)
            referral = Referral.objects.create(
                referrer=referrer,
                clinic=oslo,
                status=status,
                patient_national_id=number,
                patient_name=name,
                complaint=rng.choice(
                    (Complaint.HEADACHE, Complaint.HEADACHE, Complaint.COMPLEX_PAIN)
                ),
                neurological_symptoms=rng.choice((True, False, None)),
                failed_treatment=rng.choice((True, True, False)),
                content=_content(rng, complete=index % 3 != 0),
                weight_kg=rng.randint(55, 95),
                height_cm=rng.randint(155, 190),
                created_at=sent - dt.timedelta(days=1),
                sent_at=None if status == Status.DRAFT else sent,
            )
            if status == Status.DRAFT:
                continue
            patient, _ = Patient.objects.get_or_create(
                national_id=number, defaults={"full_name": name, "birth_date": birth}
            )
            Enrolment.objects.get_or_create(patient=patient, clinic=oslo)
            referral.patient = patient
            Event.objects.create(
                referral=referral,
                kind=Event.Kind.SENT,
                status=Status.RECEIVED,
                by=referrer.user,
                at=sent,
            )
            if status not in (Status.RECEIVED, Status.ASSESSING):
                suggestion = triage(referral)
                referral.decided_at = sent + dt.timedelta(days=3)
                referral.decided_by = coordinator
                referral.decision_rules = suggestion.rules
                referral.decision_reason = {
                    Status.ACCEPTED: "Rett til nødvendig helsehjelp: migrene uten effekt av "
                    "forebyggende behandling.",
                    Status.NO_RIGHT: "Ukomplisert migrene uten tilleggssymptomer; kan følges "
                    "opp hos fastlege.",
                    Status.RETURNED: "Hvilke forebyggende medisiner er prøvd, i hvilken dose "
                    "og hvor lenge?",
                    Status.DECLINED: "Henvisningen gjelder ikke vårt fagområde.",
                    Status.FORWARDED: "Pasienten bor i Vestland; sendt videre til Bergen.",
                }[status]
                if status == Status.ACCEPTED:
                    referral.right = True
                    deadline = sent.date() + dt.timedelta(days=84)
                    referral.deadline = deadline
                    if n % 4 == 3:
                        referral.appointment_on = min(deadline, today + dt.timedelta(days=10))
                if status == Status.NO_RIGHT:
                    referral.right = False
                if status == Status.FORWARDED:
                    referral.forwarded_to = bergen
                Event.objects.create(
                    referral=referral,
                    kind=Event.Kind.QUESTION if status == Status.RETURNED else Event.Kind.STATUS,
                    status=status,
                    text=referral.decision_reason,
                    by=coordinator,
                    at=referral.decided_at,
                )
            referral.save()
    return []


LOADERS.append(("referrals", load))
