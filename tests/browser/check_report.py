"""`make test-report`: build the review report for samples/ and load its pages in headless Chromium.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON messages on file
descriptors 3 and 4, each ended by a NUL byte), with the standard library only: no driver binary, no Python package,
nothing that could fetch a browser, and no version pairing between a driver and Debian's `chromium`.

A page fails on any console error or warning-level log entry, an uncaught exception, a request that fails (a missing
stylesheet, script or image) or a navigation error. Each page is saved as a screenshot. Before the report, a page
broken on purpose is loaded and must fail in each of those ways, so the check itself is shown to work.

Not collected by pytest (no test_ prefix); run as `python tests/browser/check_report.py`.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser")
LOAD_TIMEOUT = 30.0
SETTLE = 0.3  # seconds to wait after the load event for late console messages


class BrowserError(Exception):
    pass


def find_chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise BrowserError("chromium not found: install Debian's `chromium` (make test-report does) or set CHROMIUM")


class Chromium:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, width: int = 1280, height: int = 900):
        self.profile = tempfile.mkdtemp(prefix="docparse-chromium-")
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        cmd_read, self._cmd_write = os.pipe()
        self._reply_read, reply_write = os.pipe()
        args = [
            binary,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self.profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            "--disable-extensions",
            "--disable-background-networking",  # no update checks, no safe-browsing lists: nothing leaves the machine
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-color-profile=srgb",
            f"--window-size={width},{height}",
        ]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox (CI runs as root)

        def wire_fds() -> None:
            # Copies above 10 first, so neither pipe end is overwritten by the other; dup2 leaves 3 and 4 inheritable.
            command = fcntl.fcntl(cmd_read, fcntl.F_DUPFD_CLOEXEC, 10)
            reply = fcntl.fcntl(reply_write, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(command, 3)
            os.dup2(reply, 4)

        # close_fds=False: the other descriptors of this process are close-on-exec already (PEP 446)
        self.process = subprocess.Popen(
            args,
            preexec_fn=wire_fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(cmd_read)
        os.close(reply_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=True,
        )

    def _send(self, message: dict) -> None:
        os.write(self._cmd_write, json.dumps(message).encode() + b"\0")

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._reply_read, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium closed the pipe (exit status {self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, *, session: bool = False, timeout: float = 30) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, timeout: float) -> None:
        """Wait for an event (keeping every event seen on the way)."""
        deadline = time.monotonic() + timeout
        if any(e["method"] == method for e in self.events):
            return
        while True:
            event = self._receive(deadline)
            if "method" in event:
                self.events.append(event)
                if event["method"] == method:
                    return

    def drain(self, seconds: float) -> None:
        """Collect the events that arrive within `seconds` (console messages logged after the load event)."""
        deadline = time.monotonic() + seconds
        self.call("Runtime.evaluate", {"expression": "1"}, session=True)
        while time.monotonic() < deadline:
            time.sleep(0.05)
            self.call("Runtime.evaluate", {"expression": "1"}, session=True)

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):  # it may be gone already
            self.call("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._cmd_write)
        os.close(self._reply_read)
        shutil.rmtree(self.profile, ignore_errors=True)


@dataclass
class PageCheck:
    url: str
    problems: list[str] = field(default_factory=list)


def problems_in(events: list[dict]) -> list[str]:
    """Console errors, uncaught exceptions, error log entries and failed requests among DevTools events."""
    found = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            found.append(f"console.{params['type']}: {args}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            found.append(f"uncaught: {details.get('exception', {}).get('description') or details.get('text')}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            entry = params["entry"]
            found.append(f"log {entry['level']}: {entry.get('text')} {entry.get('url', '')}".rstrip())
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            found.append(f"failed load: {params.get('errorText')} ({params.get('type')})")
    return found


def load(browser: Chromium, path: Path, shot: Path | None, *, full_page: bool = False) -> PageCheck:
    """Open a file, wait for its load event, report what went wrong and save a screenshot."""
    url = path.resolve().as_uri()
    check = PageCheck(url)
    browser.events.clear()
    reply = browser.call("Page.navigate", {"url": url}, session=True)
    if reply.get("errorText"):
        check.problems.append(f"navigation: {reply['errorText']}")
        return check
    browser.wait_for("Page.loadEventFired", LOAD_TIMEOUT)
    browser.drain(SETTLE)
    check.problems += problems_in(browser.events)
    if shot is not None:
        params: dict = {"format": "png"}
        if full_page:
            size = browser.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
            height = min(int(size["height"]), 6000)
            params |= {
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1},
            }
        data = browser.call("Page.captureScreenshot", params, session=True)["data"]
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(base64.b64decode(data))
    return check


BROKEN_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>broken on purpose</title>
<link rel="stylesheet" href="missing.css"></head><body><p>broken</p>
<script>console.error("an error logged on purpose"); undefinedFunction();</script></body></html>
"""


def self_test(browser: Chromium, folder: Path) -> None:
    """The checker must see a missing stylesheet, a console error and an uncaught exception."""
    page = folder / "broken.html"
    page.write_text(BROKEN_PAGE, encoding="utf-8")
    found = load(browser, page, None).problems
    expected = {"failed load": False, "console.error": False, "uncaught": False}
    for problem in found:
        for key in expected:
            expected[key] |= problem.startswith(key)
    missed = [key for key, seen in expected.items() if not seen]
    if missed:
        raise BrowserError(f"self-test: the broken page's {', '.join(missed)} went unnoticed (saw: {found})")
    print(f"self-test: a page broken on purpose fails ({len(found)} problems seen)")


def build(out: Path, samples: Path) -> Path:
    """extract samples/ plus one broken file (so the error table has a row), texts, then the report."""
    sys.path.insert(0, str(ROOT))
    from docparse.batch import run_batch
    from docparse.report import build_report

    shutil.rmtree(out, ignore_errors=True)
    broken = out.parent / f"{out.name}-inputs" / "truncated.pdf"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"%PDF-1.4\n")
    run_batch([samples, broken], out, workers=os.cpu_count() or 1)
    report = build_report(out)
    print(f"report: {report.index} ({report.documents} documents, {report.errors} errors)")
    if report.problems:
        raise BrowserError(f"report problems: {report.problems}")
    return report.index.parent


# Pages checked beyond the index: long text with tasks, a scan read by OCR, a legacy encoding, a PDF, an HTML page.
DOCUMENT_PAGES = (
    "012_ketluan_dang.html",
    "036_kehoach_coquan.html",
    "161_scan_two_pages.html",
    "101_tcvn3_ketluan_dang.html",
    "151_pdf_two_column_layout.html",
    "173_portal.html",
)


def check_report(browser: Chromium, site: Path, shots: Path) -> list[PageCheck]:
    checks = [load(browser, site / "index.html", shots / "index.png", full_page=True)]
    index = checks[0]
    charts = browser.evaluate("document.querySelectorAll('svg.chart').length")
    rows = browser.evaluate("document.querySelectorAll('#t-documents tbody tr').length")
    if charts < 4 or rows < 100:
        index.problems.append(f"index: {charts} charts and {rows} document rows (expected 4 and over 100)")
    # The filter box hides rows that do not match; sorting by '#' descending puts the last row first.
    seen = len(browser.events)
    shown = browser.evaluate(
        "(() => { const box = document.querySelector('input.filter[data-table=t-documents]');"
        " box.value = 'tcvn3'; box.dispatchEvent(new Event('input'));"
        " return [...document.querySelectorAll('#t-documents tbody tr')].filter(r => !r.hidden).length; })()"
    )
    if not 1 <= shown < rows:
        index.problems.append(f"filter 'tcvn3' left {shown} of {rows} rows")
    first = browser.evaluate(
        "(() => { const th = document.querySelector('#t-documents th'); th.click(); th.click();"
        " return document.querySelector('#t-documents tbody tr').cells[0].textContent; })()"
    )
    if first != str(rows):
        index.problems.append(f"sorting '#' descending put row {first} first, not {rows}")
    browser.drain(SETTLE)
    index.problems += problems_in(browser.events[seen:])
    for name in DOCUMENT_PAGES:
        check = load(browser, site / "docs" / name, shots / name.replace(".html", ".png"))
        marks = browser.evaluate("document.querySelectorAll('.src mark[id]').length")
        links = browser.evaluate("[...document.querySelectorAll('aside a[href^=\"#\"]')].length")
        if not marks or not links:
            check.problems.append(f"{marks} marks and {links} links from the record to them")
        # Unticking a kind in the legend leaves its marks without colour (CSS :has, no script).
        colours = browser.evaluate(
            "(() => { const m = document.querySelector('mark.k-agency'); const before = getComputedStyle(m).backgroundColor;"
            " document.getElementById('show-agency').click(); const after = getComputedStyle(m).backgroundColor;"
            " document.getElementById('show-agency').click(); return [before, after]; })()"
        )
        if colours[1] != "rgba(0, 0, 0, 0)" or colours[0] == colours[1]:
            check.problems.append(f"unticking agencies left their colour: {colours}")
        checks.append(check)
    # A value's link in the record jumps to its mark: that mark is then the :target, scrolled into view.
    check = load(browser, site / "docs" / "036_kehoach_coquan.html", None)
    target = browser.evaluate(
        "(() => { const a = document.querySelector('aside a[href^=\"#task-\"]'); a.click();"
        " const m = document.querySelector(':target'); const r = m.getBoundingClientRect();"
        " return m.id + ' ' + (r.top >= 0 && r.top < innerHeight); })()"
    )
    if not (target or "").endswith(" true"):
        check.problems.append(f"clicking a task link gave target {target!r}")
    shot = browser.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"]
    (shots / "036_kehoach_coquan-task.png").write_bytes(base64.b64decode(shot))
    checks.append(check)
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "report-check", help="extract output folder")
    parser.add_argument("--shots", type=Path, default=ROOT / "out" / "report-shots", help="screenshot folder")
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    args = parser.parse_args()
    site = build(args.out, args.samples)
    browser = Chromium(find_chromium())
    try:
        with tempfile.TemporaryDirectory() as scratch:
            self_test(browser, Path(scratch))
        checks = check_report(browser, site, args.shots)
    finally:
        browser.close()
    failed = [c for c in checks if c.problems]
    for check in checks:
        print(f"{'FAIL' if check.problems else 'ok  '} {check.url}")
        for problem in check.problems:
            print(f"     {problem}")
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    print(f"screenshots: {args.shots}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
