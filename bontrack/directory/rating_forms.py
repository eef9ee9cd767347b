"""Forms for experiences: the rating itself, a report of abuse, and the clinic's reply."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bontrack.directory.ratings import NAME_MAX, REASON_MAX, REASON_MIN, TEXT_MAX
from bontrack.forms import StyledFormMixin

STAR_CHOICES = [
    (1, _("1 star: poor")),
    (2, _("2 stars: not so good")),
    (3, _("3 stars: fair")),
    (4, _("4 stars: good")),
    (5, _("5 stars: very good")),
]


class RatingForm(StyledFormMixin, forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How many stars do you give the clinic?"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how many stars you give, from 1 to 5."),
            "invalid_choice": _("Choose how many stars you give, from 1 to 5."),
        },
    )
    text = forms.CharField(
        label=_("Your experience"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What went well, and what could be better? Do not write names of staff or other "
            "patients, and nothing about your own or anyone's health that you would not want "
            "to be public. At most 2000 characters."
        ),
        error_messages={
            "required": _("Write a few words about your experience."),
            "max_length": _(
                "Your experience can be at most %(limit_value)d characters long; "
                "it is %(show_value)d."
            ),
        },
    )
    display_name = forms.CharField(
        label=_("Shown as (optional)"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("A first name or an alias, not your full name."),
        error_messages={
            "max_length": _("The shown-as name can be at most %(limit_value)d characters."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_(
            "Only for the moderator, if there is a question about your text. It is never shown."
        ),
        error_messages={"invalid": _("Write a whole e-mail address, such as navn@example.no.")},
    )

    def __init__(
        self, *args: object, anonymous_label: str = "", patient: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        if patient:
            # A logged-in patient's rating may be verified: no e-mail is asked for or kept.
            del self.fields["email"]
            self.fields["display_name"].help_text = _(
                "A first name or an alias, not your full name. Leave it empty to be shown as "
                "“Verified patient” (or “Anonymous” if we cannot verify your treatment here)."
            )
            self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
            return
        if anonymous_label:
            self.fields["display_name"].help_text = _(
                "A first name or an alias, not your full name. Leave it empty to be shown as "
                "“%(label)s”."
            ) % {"label": anonymous_label}
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"


class ReportForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this experience?"),
        min_length=REASON_MIN,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: it names a person, it is not about this clinic, it is offensive or "
            "it looks false. At most 500 characters."
        ),
        error_messages={
            "required": _("Tell us in a few words what is wrong."),
            "min_length": _(
                "Tell us in a few words what is wrong (at least %(limit_value)d characters)."
            ),
            "max_length": _(
                "The reason can be at most %(limit_value)d characters long; it is %(show_value)d."
            ),
        },
    )


class ReplyForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("The clinic's reply"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "You can reply once. Do not confirm that the writer is your patient, and write no "
            "names or health details. At most 2000 characters."
        ),
        error_messages={
            "required": _("Write the reply before you send it."),
            "max_length": _(
                "The reply can be at most %(limit_value)d characters long; it is %(show_value)d."
            ),
        },
    )

    def __init__(self, *args: object, rating_id: int, **kwargs: object) -> None:
        # One form per rating on the page: the ids must differ.
        kwargs.setdefault("auto_id", f"id_reply{rating_id}_%s")
        super().__init__(*args, **kwargs)
        self.prefix_id = f"id_reply{rating_id}_text"
        self.fields["text"].widget.attrs["aria-describedby"] = f"{self.prefix_id}-help"

    def full_clean(self) -> None:
        super().full_clean()
        if "text" in self.errors:
            self.fields["text"].widget.attrs["aria-describedby"] = (
                f"{self.prefix_id}-help {self.prefix_id}-error"
            )
