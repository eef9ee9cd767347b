"""Form helpers shared by every app: Designsystemet classes and described-by links."""

from __future__ import annotations

from typing import Any


class StyledFormMixin:
    """Give text inputs and selects Designsystemet's class and tie help and errors to them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if getattr(widget, "input_type", None) in ("checkbox", "radio"):
                continue
            widget.attrs.setdefault("class", "ds-input")
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-help"

    def full_clean(self) -> None:
        # Not in __init__: reading self.errors there would validate before subclasses have
        # finished setting up their fields (querysets scoped to the patient, for one).
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            attrs = field.widget.attrs
            attrs["aria-invalid"] = "true"
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} id_{name}-error".strip()
