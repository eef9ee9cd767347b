"""The public forms count senders by the address the outermost trusted proxy saw."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from bontrack.directory import antispam


def _request(remote: str, forwarded: str = "") -> object:
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/klinikker/x/bestill/", **extra)


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert antispam.client_address(_request("10.0.0.1", "1.2.3.4")) == "10.0.0.1"  # type: ignore[arg-type]


@override_settings(BONTRACK_TRUSTED_PROXIES=1)
def test_behind_one_proxy_each_visitor_is_counted_apart() -> None:
    first = antispam.sender_hash(_request("10.0.0.1", "1.2.3.4"))  # type: ignore[arg-type]
    second = antispam.sender_hash(_request("10.0.0.1", "5.6.7.8"))  # type: ignore[arg-type]
    assert first != second


@override_settings(BONTRACK_TRUSTED_PROXIES=1)
def test_a_visitor_cannot_hide_behind_a_forged_header() -> None:
    # The visitor writes "9.9.9.9"; the trusted proxy appends the address it really saw.
    forged = antispam.client_address(_request("10.0.0.1", "9.9.9.9, 1.2.3.4"))  # type: ignore[arg-type]
    assert forged == "1.2.3.4"
