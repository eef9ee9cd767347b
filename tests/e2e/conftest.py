"""Browser tests: Playwright drives Debian's Chromium against a live bontrack server.

Every page a browser test loads is checked with axe-core: a test must call `axe.check()`
after each page it visits (the page open at the end is checked for it), and any serious or
critical violation fails the test. A page that was loaded but never checked fails it too.

Fixtures: `browser`, `page` (with its `axe` guard), `axe`, `artifacts` (the folder for
screenshots and downloads) and `live_cast`, the personas of tests.personas in a database the
live server sees. The steps journeys share (logging in, the second factor, screenshots at
1280 and 390 px) are plain functions in tests/e2e/journeys.py.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pluggy
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.personas import Cast, make_cast

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("BONTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FAILING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _document_url(url: str) -> str:
    """The URL of the document: a #fragment jump stays on the same page."""
    return url.split("#", 1)[0]


class AxeGuard:
    """Runs axe-core on the pages of one test and remembers which were checked."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        page.on("load", lambda loaded_page: self.loaded.append(_document_url(loaded_page.url)))

    def check(self, *, context: str = "") -> None:
        self.page.wait_for_load_state("load")
        result: dict[str, Any] = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        self.checked.add(_document_url(self.page.url))
        bad = [v for v in result["violations"] if v.get("impact") in FAILING_IMPACTS]
        if bad:
            lines = [f"axe found {len(bad)} serious/critical violation(s) on {self.page.url}"]
            if context:
                lines[0] += f" ({context})"
            for violation in bad:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
                lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
                lines.extend(f"      at {target}" for target in targets)
            pytest.fail("\n".join(lines))

    def unchecked(self) -> list[str]:
        return [url for url in self.loaded if url not in self.checked]


@pytest.fixture
def page(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900}
    )
    # axe-core in every document, before the page's own scripts; init scripts are not
    # subject to the page's Content-Security-Policy.
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_default_timeout(15_000)
    guard = AxeGuard(page)
    page.axe = guard  # type: ignore[attr-defined]
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is None or failed.passed:
        if page.url.startswith("http") and _document_url(page.url) not in guard.checked:
            guard.check(context="last page of the test")
        missing = guard.unchecked()
        if missing:
            pytest.fail("pages loaded but never checked with axe: " + ", ".join(missing))
    else:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pluggy.Result[pytest.TestReport], None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]


@pytest.fixture
def axe(page: Page) -> AxeGuard:
    return page.axe  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def live_cast(transactional_db: Any) -> Cast:
    """The cast of tests.personas, committed so that the live server's thread sees it."""
    return make_cast()
