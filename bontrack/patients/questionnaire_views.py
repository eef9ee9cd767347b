"""The patient's questionnaires (/portal/skjema/): what is due, MIDAS, a HIT-6 total, PGIC."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required
from bontrack.clinical import InputError
from bontrack.clinical import questionnaires as rules
from bontrack.forms import StyledFormMixin
from bontrack.patients import questionnaires

DAYS_MESSAGE = _("Enter a whole number of days from 0 to 90.")


def _number(
    label: Any, short_name: Any, *, high: int, message: Any, low: int = 0,
    required: bool = True, help_text: Any = "",
) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages={
            "invalid": message, "min_value": message, "max_value": message, "required": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    # The error summary names the field by this, as the questions are long.
    field.short_name = short_name  # type: ignore[attr-defined]
    return field


class MidasForm(StyledFormMixin, forms.Form):
    missed_work = _number(
        _("1. On how many days did you miss work or school because of headache?"),
        _("Days away from work or school"), high=90, message=DAYS_MESSAGE,
        help_text=_("Enter 0 if you do not work or study."),
    )
    reduced_work = _number(
        _("2. On how many other days did you get half or less done at work or school because "
          "of headache?"),
        _("Days at work or school with half or less done"), high=90, message=DAYS_MESSAGE,
        help_text=_("Do not count the days from question 1."),
    )
    missed_household = _number(
        _("3. On how many days did you not do housework because of headache?"),
        _("Days without housework"), high=90, message=DAYS_MESSAGE,
        help_text=_("Housework is, for example, cleaning, cooking, shopping and looking after "
                    "children."),
    )
    reduced_household = _number(
        _("4. On how many other days did you get half or less of your housework done because "
          "of headache?"),
        _("Days with half or less of the housework done"), high=90, message=DAYS_MESSAGE,
        help_text=_("Do not count the days from question 3."),
    )
    missed_leisure = _number(
        _("5. On how many days did you miss time with family or friends, or leisure "
          "activities, because of headache?"),
        _("Days away from family, friends or leisure"), high=90, message=DAYS_MESSAGE,
    )
    headache_days = _number(
        _("A. On how many days did you have a headache?"),
        _("Days with headache"), high=90, message=DAYS_MESSAGE, required=False,
        help_text=_("Count every day with a headache, however short. Not part of the score."),
    )
    pain = _number(
        _("B. How painful were the headaches, on average?"),
        _("Average pain"), high=10,
        message=_("Enter a whole number from 0 (no pain) to 10 (worst pain imaginable)."),
        required=False,
        help_text=_("0 is no pain and 10 the worst pain imaginable. Not part of the score."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = {k: data[k] for k in rules.MIDAS_ITEMS if data.get(k) is not None}
        for missed, reduced in rules.midas_day_conflicts(items):
            self.add_error(reduced, gettext(
                "Together with the days you were away (%(missed)s), this is more than 90 days. "
                "Count only the days you were there."
            ) % {"missed": items[missed]})
        return data

    def answers(self) -> dict[str, object]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class Hit6Form(StyledFormMixin, forms.Form):
    total = _number(
        _("Your HIT-6 total score"), _("HIT-6 total score"), low=rules.HIT6_MIN,
        high=rules.HIT6_MAX,
        message=_("Enter the total score, a whole number from 36 to 78."),
        help_text=_("The total is printed on the form, or add up the points of your six "
                    "answers: 36 to 78."),
    )

    def clean_total(self) -> int:
        total: int = self.cleaned_data["total"]
        if total not in rules.HIT6_POSSIBLE_TOTALS:
            raise forms.ValidationError(
                gettext("%(total)s is not a possible HIT-6 total. Please add up the six answers "
                        "again.") % {"total": total}
            )
        return total


class PgicForm(StyledFormMixin, forms.Form):
    answer = forms.TypedChoiceField(
        label=_("Since your treatment started, how has your headache changed, including how it "
                "affects your daily life?"),
        choices=[
            (str(value), questionnaires.PGIC_LABELS[answer_id])
            for value, answer_id in rules.PGIC_ANSWERS
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the answer that fits best."),
            "invalid_choice": _("Choose one of the seven answers."),
        },
    )
    answer.short_name = _("Change since treatment started")  # type: ignore[attr-defined]


@patient_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user)
    return render(request, "patients/questionnaire_index.html", {
        "patient": patient,
        "overview": questionnaires.overview(patient=patient),
    })


def _fill_in(
    request: HttpRequest, form_class: type[forms.Form], template: str, save: Any
) -> HttpResponse:
    """Show a questionnaire form; on a valid POST store it and go back to the index."""
    if request.method == "POST":
        patient = access.own_patient(request.user, action="write")
        form = form_class(request.POST)
        if form.is_valid():
            try:
                response = save(patient, form)
            except InputError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _saved_message(response))
                return redirect("patients:questionnaire:index")
    else:
        patient = access.own_patient(request.user)
        form = form_class()
    return render(request, template, {"patient": patient, "form": form},
                  status=400 if form.errors else 200)


def _saved_message(response: Any) -> str:
    meaning = questionnaires.describe(response)
    if response.kind == questionnaires.Kind.MIDAS:
        return gettext("MIDAS saved. Your score is %(score)s: grade %(grade)s, %(meaning)s.") % {
            "score": response.score, "grade": response.grade, "meaning": meaning,
        }
    if response.kind == questionnaires.Kind.HIT6:
        return gettext("HIT-6 total %(score)s saved: %(meaning)s.") % {
            "score": response.score, "meaning": meaning,
        }
    return gettext("Your answer is saved: %(meaning)s.") % {"meaning": meaning.lower()}


@patient_required
@require_http_methods(["GET", "POST"])
def midas(request: HttpRequest) -> HttpResponse:
    return _fill_in(
        request, MidasForm, "patients/questionnaire_midas.html",
        lambda patient, form: questionnaires.record_midas(
            patient=patient, by=request.user, answers=form.answers()
        ),
    )


@patient_required
@require_http_methods(["GET", "POST"])
def hit6(request: HttpRequest) -> HttpResponse:
    return _fill_in(
        request, Hit6Form, "patients/questionnaire_hit6.html",
        lambda patient, form: questionnaires.record_hit6(
            patient=patient, by=request.user, total=form.cleaned_data["total"]
        ),
    )


@patient_required
@require_http_methods(["GET", "POST"])
def pgic(request: HttpRequest) -> HttpResponse:
    return _fill_in(
        request, PgicForm, "patients/questionnaire_pgic.html",
        lambda patient, form: questionnaires.record_pgic(
            patient=patient, by=request.user, value=form.cleaned_data["answer"]
        ),
    )
