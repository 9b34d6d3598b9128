"""The built HTML book in a real browser: Debian's Chromium, headless, driven by
selenium through Debian's chromedriver (never a downloaded one).

The book is built once (strict: ``-W -n``) into a temporary folder, or under
``BOOK_TEST_BUILD_DIR`` when the other build tests use one, and served from
127.0.0.1 by ``http.server`` in a thread. Every page is opened at 1280 px and
at 390 px, with the browser cache off, and must:

- request nothing outside the loopback (the book works offline);
- log no console error (severity SEVERE);
- draw every chart (each ``.book-chart`` holds an svg of non-zero size);
- show every table caption whole: no caption inside a box that scrolls
  sideways (it would scroll away with a wide table) or cut by a clipping box
  or the screen's edge;
- typeset every formula (each ``.math`` element holds MathJax's output);
- draw every theme icon (search, menu, colour switch, PDF download...) from
  the Font Awesome webfont of the theme's stylesheet;
- load only the scripts it uses: never the theme's ``fontawesome.js``, the
  Vega bundle only with a chart, MathJax only with math;
- transfer at most 2.5 MB when it has charts, 1.5 MB otherwise;
- have no serious or critical accessibility violation found by axe-core
  (WCAG 2.0/2.1 A and AA rules, plus ``label-content-name-mismatch``), injected
  from ``tests/vendor/axe.min.js`` (``scripts/vendor_assets.py`` fetches it; no
  request leaves the machine).

**The site is served as a static host serves it: gzip-compressed.** Like
GitHub Pages, Netlify, Read the Docs or Cloudflare Pages, the test server sends
text (HTML, CSS, JavaScript, JSON, SVG) with ``Content-Encoding: gzip`` when the
browser accepts it, and fonts and images as they are (see
:class:`StaticHostHandler`). So the bytes "transferred" are what a reader
downloads from such a host; the limits are those of issue 13. Uncompressed,
the two pages with both charts and math (chapters 1 and 3: Vega 0.9 MB, MathJax
0.77 MB, the theme's 0.4 MB stylesheet and the page with its chart data) weigh
about 3.0 and 2.85 MB; every other page stays within its limit even
uncompressed. ``BOOK_BROWSER_REPORT=1`` (with ``-s``) prints both weights of
every page.

Requests and transferred bytes come from the Chrome DevTools performance log
(``Network.*`` events). Without chromium or chromedriver the tests are
skipped, except under CI (``CI`` set), where that is a failure.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
JB = [str(Path(sys.executable).parent / "jupyter-book")]

CHROMIUM = os.environ.get("BOOK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BOOK_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROME_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
]
WIDTHS = (1280, 390)
HEIGHT = 900
#: Most bytes a page may transfer (headers and bodies of every request).
LIMIT_CHARTS = 2_500_000
LIMIT_PLAIN = 1_500_000
#: How long a page may take to draw its charts and go quiet.
PAGE_TIMEOUT = 20.0
#: Pixels by which a chart may exceed its column (font metrics differ a little between machines).
FIT_TOLERANCE = 4
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Content types the server sends gzip-compressed (text, as static hosts do;
#: fonts and images are already compressed and go as they are).
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
#: Scripts a page loads only when it uses them (request path fragments).
FONTAWESOME_JS = "/_static/scripts/fontawesome.js"
VEGA_JS = "/_static/vendor/vega-bundle.js"
MATHJAX_DIR = "/mathjax/"
#: axe-core, fetched by scripts/vendor_assets.py (``make assets``); injected, never served.
AXE_JS = ROOT / "tests" / "vendor" / "axe.min.js"
#: The axe rules run: WCAG 2.0 and 2.1, levels A and AA, and the experimental
#: rule that a control's accessible name contains its visible label (WCAG 2.5.3).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_EXTRA_RULES = ["label-content-name-mismatch"]
#: Violations of these impacts fail the test (issue 13: 0 serious or critical).
AXE_FAILING = ("serious", "critical")


# --------------------------------------------------------------------------- tools
def _missing_tools() -> list[str]:
    return [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).is_file() and os.access(p, os.X_OK))]


def _require_tools() -> None:
    missing = _missing_tools()
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS.relative_to(ROOT)} (run: make assets)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the Python package selenium")
    if not missing:
        return
    msg = f"browser tests need {', '.join(missing)} (Debian packages chromium and chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(msg + "; under CI they must be installed (see .ci/run)")
    pytest.skip(msg)


# --------------------------------------------------------------------------- the built book
@pytest.fixture(scope="module")
def html_dir(tmp_path_factory) -> Path:
    _require_tools()
    shared = os.environ.get("BOOK_TEST_BUILD_DIR")
    out = Path(shared) if shared else tmp_path_factory.mktemp("browser-build")
    cmd = [*JB, "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, "strict HTML build failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:]
    return out / "_build" / "html"


def book_pages(html: Path) -> list[str]:
    """Paths (relative to the site root) of the book's pages: not the theme's
    or MathJax's own files, not the sources."""
    found = []
    for p in sorted(html.rglob("*.html")):
        rel = p.relative_to(html)
        if rel.parts[0].startswith("_") or rel.parts[0] == "mathjax":
            continue
        found.append(rel.as_posix())
    return found


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """``http.server``'s static files, served like a static host: a file of a
    :data:`GZIP_TYPES` type goes gzip-compressed (``Content-Encoding: gzip``)
    to a client that accepts gzip; anything else exactly as http.server sends it."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "").lower()
        if not (accepts and os.path.isfile(path) and self.guess_type(path).startswith(GZIP_TYPES)):
            return super().send_head()
        data = _gzipped(path, os.stat(path).st_mtime_ns)
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(data)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, threading.Thread]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a daemon thread."""
    handler = functools.partial(StaticHostHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-http", daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def site(html_dir):
    """The built HTML served on 127.0.0.1 (a free port) for the module's tests."""
    server, thread = serve(html_dir)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser():
    _require_tools()
    os.environ["SE_OFFLINE"] = "true"  # selenium-manager must never download a driver or browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--window-size={WIDTHS[0]},{HEIGHT}")
    opts.add_argument(f"--user-data-dir={tmp_profile()}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(_PROFILE[0], ignore_errors=True) if _PROFILE else None


_PROFILE: list[str] = []


def tmp_profile() -> str:
    import tempfile

    path = tempfile.mkdtemp(prefix="book-chromium-")
    _PROFILE.append(path)
    return path


# --------------------------------------------------------------------------- one page load
@dataclass
class PageReport:
    page: str
    width: int
    requests: list[str] = field(default_factory=list)
    bytes: int = 0
    #: bytes of the bodies once decompressed (what an uncompressed server would send)
    raw_bytes: int = 0
    by_url: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    charts: int = 0
    undrawn: list[str] = field(default_factory=list)
    #: charts wider than the column that holds them (they would be clipped in a scroll box)
    too_wide: list[str] = field(default_factory=list)
    #: of those, the ones whose scroll box a keyboard cannot reach or that has no name
    unreachable: list[str] = field(default_factory=list)
    maths: int = 0
    untypeset: list[str] = field(default_factory=list)
    icons: int = 0
    bad_icons: list[str] = field(default_factory=list)
    #: table captions that are clipped or sit inside a sideways-scrolling box
    clipped_captions: list[str] = field(default_factory=list)
    #: axe-core violations: {"id", "impact", "nodes": [target selectors], "help"}
    axe: list[dict] = field(default_factory=list)


CHART_STATE = """
return Array.from(document.querySelectorAll('.book-chart')).map(function (div) {
  var svg = div.querySelector('svg');
  var r = svg ? svg.getBoundingClientRect() : null;
  var box = div.parentElement.getBoundingClientRect();
  var main = document.querySelector('article.bd-article');
  var room = Math.min(box.width, main ? main.getBoundingClientRect().width : box.width);
  var scroller = div.parentElement, named = scroller.getAttribute('aria-label') || '';
  (scroller.getAttribute('aria-labelledby') || '').split(' ').forEach(function (id) {
    var e = id && document.getElementById(id); if (e) { named += e.textContent; }
  });
  var sx = getComputedStyle(scroller).overflowX;
  return {id: div.id, w: r ? r.width : 0, h: r ? r.height : 0, room: room,
          done: div.hasAttribute('data-book-drawn'),
          region: scroller.tabIndex === 0 && scroller.getAttribute('role') === 'region'
                  && named.trim().length > 0 && (sx === 'auto' || sx === 'scroll'),
          label: (div.getAttribute('aria-label') || '').slice(0, 80), text: div.textContent.slice(0, 200)};
});
"""


UNTYPESET = """
return Array.from(document.querySelectorAll('.math')).filter(function (e) {
  return !e.querySelector('mjx-container');
}).map(function (e) { return e.textContent.slice(0, 80); });
"""


ICON_STATE = """
var loaded = {};
document.fonts.forEach(function (f) { if (f.status === 'loaded') { loaded[f.family.replace(/["']/g, '')] = true; } });
return Array.from(document.querySelectorAll('i[class*="fa-"], span[class*="fa-"]')).filter(function (e) {
  var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0;
}).map(function (e) {
  var s = getComputedStyle(e, '::before');
  var family = s.fontFamily.split(',')[0].replace(/["']/g, '').trim();
  return {cls: e.className.replace(/\\s+/g, ' '), family: family, content: s.content, loaded: !!loaded[family]};
});
"""


def icon_problems(icons: list[dict]) -> list[str]:
    """Icons not drawn by a loaded Font Awesome webfont (no glyph in ``::before``,
    another font, or the font not loaded)."""
    return [f"{i['cls']} ({i['family']!r}, content {i['content']!r}, loaded={i['loaded']})" for i in icons
            if not (i["family"].startswith("Font Awesome") and i["loaded"]
                    and i["content"] not in ("none", "normal", '""', ""))]


CLIPPED_CAPTIONS = """
var root = arguments[0] ? document.querySelector(arguments[0]) : document.body;
if (!root) { return []; }
return Array.from(root.querySelectorAll('caption, .book-table-caption')).map(function (c) {
  var r = c.getBoundingClientRect(), why = null;
  for (var a = c.parentElement; a && a !== document.documentElement && !why; a = a.parentElement) {
    var s = getComputedStyle(a);
    if (s.overflowX === 'visible') { continue; }
    var ar = a.getBoundingClientRect();
    if (s.overflowX !== 'hidden' && s.overflowX !== 'clip' && a.scrollWidth > a.clientWidth + 1) {
      why = 'inside a box that scrolls sideways (' + a.className + ')';
    } else if (r.left < ar.left - 1 || r.right > ar.right + 1) {
      why = 'cut by ' + a.className + ' (' + Math.round(r.width) + ' px in ' + Math.round(ar.width) + ' px)';
    }
  }
  if (!why && (r.left < -1 || r.right > document.documentElement.clientWidth + 1)) {
    why = 'beyond the screen (' + Math.round(r.left) + ' to ' + Math.round(r.right) + ' px)';
  }
  return why ? c.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60) + ': ' + why : null;
}).filter(function (x) { return x; });
"""


AXE_RUN = """
var done = arguments[arguments.length - 1];
var opts = {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations'], rules: {}};
arguments[1].forEach(function (r) { opts.rules[r] = {enabled: true}; });
axe.run(document, opts).then(function (res) {
  done(res.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(' '); })};
  }));
}, function (err) { done([{id: 'axe-error', impact: 'critical', help: String(err), nodes: []}]); });
"""


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(driver) -> list[dict]:
    """Run axe-core on the open page (injected from :data:`AXE_JS`) and return its violations."""
    driver.set_script_timeout(60)
    if not driver.execute_script("return !!window.axe;"):
        driver.execute_script(_axe_source())
    return driver.execute_async_script(AXE_RUN, AXE_TAGS, AXE_EXTRA_RULES)


def axe_failures(violations: list[dict]) -> list[str]:
    """The violations of a failing impact (:data:`AXE_FAILING`), one line each."""
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes, e.g. {v['nodes'][:2]}): {v['help']}"
            for v in violations if v.get("impact") in AXE_FAILING]


def set_width(driver, width: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": width < 600,
    })


def _network_events(driver) -> list[dict]:
    events = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method", "").startswith("Network."):
            events.append(msg)
    return events


def load_page(driver, base: str, page: str, width: int) -> PageReport:
    """Open ``page`` at ``width``, wait for its charts and for the network to go
    quiet, and report its requests, transferred bytes, errors and charts."""
    from selenium.common.exceptions import JavascriptException

    report = PageReport(page, width)
    driver.get_log("performance")  # drop what earlier pages left
    driver.get_log("browser")
    set_width(driver, width)
    driver.get(base + page)
    deadline = time.monotonic() + PAGE_TIMEOUT
    events: list[dict] = []
    quiet_since = time.monotonic()
    while True:
        new = _network_events(driver)
        events += new
        now = time.monotonic()
        if new:
            quiet_since = now
        try:
            charts = driver.execute_script(CHART_STATE)
            # window.MathJax is the configuration until MathJax has loaded: wait
            # for its first typesetting (startup.promise) on a page that has it
            math_done = driver.execute_script(
                "return !window.MathJax || window.__bookMathDone === true;"
            )
            fonts_done = driver.execute_script("return document.fonts.status === 'loaded';")
            if not math_done:
                driver.execute_script(
                    "if(!window.__bookMathWait && MathJax.startup && MathJax.startup.promise){"
                    "window.__bookMathWait=1;"
                    "MathJax.startup.promise.then(function(){window.__bookMathDone=true;});}"
                )
        except JavascriptException:
            charts, math_done, fonts_done = [], False, False
        # a chart is final once the book's embed call has marked it (after fitting it to the column)
        drawn = all(c["w"] > 0 and c["h"] > 0 and c["done"] for c in charts)
        pending = {e["params"]["requestId"] for e in events if e["method"] == "Network.requestWillBeSent"} - {
            e["params"]["requestId"] for e in events
            if e["method"] in ("Network.loadingFinished", "Network.loadingFailed")}
        if drawn and math_done and fonts_done and not pending and now - quiet_since > 0.4:
            break
        if now > deadline:
            break
        time.sleep(0.1)
    report.charts = len(charts)
    try:
        icons = driver.execute_script(ICON_STATE)
        report.maths = driver.execute_script("return document.querySelectorAll('.math').length;")
        report.untypeset = driver.execute_script(UNTYPESET)
    except JavascriptException as exc:
        icons = [{"cls": "?", "family": "?", "content": str(exc)[:100], "loaded": False}]
    report.icons = len(icons)
    report.bad_icons = icon_problems(icons)
    report.undrawn = [f"{c['id']} ({c['w']:.0f}x{c['h']:.0f}, marked drawn: {c['done']}) {c['text']!r}"
                      for c in charts if not (c["w"] > 0 and c["h"] > 0 and c["done"])]
    report.too_wide = [f"{c['w']:.0f} px in {c['room']:.0f} px: {c['label']!r}" for c in charts
                       if c["w"] > c["room"] + FIT_TOLERANCE]
    report.unreachable = [f"{c['id']}: {c['label']!r}" for c in charts
                          if c["w"] > c["room"] + FIT_TOLERANCE and not c["region"]]
    urls: dict[str, str] = {}
    for e in events:
        p = e["params"]
        if e["method"] == "Network.requestWillBeSent":
            urls[p["requestId"]] = p["request"]["url"]
            report.requests.append(p["request"]["url"])
        elif e["method"] == "Network.dataReceived":
            report.raw_bytes += int(p.get("dataLength", 0))
        elif e["method"] == "Network.loadingFinished":
            size = int(p.get("encodedDataLength", 0))
            report.bytes += size
            url = urls.get(p["requestId"], "?")
            report.by_url[url] = report.by_url.get(url, 0) + size
    report.errors = [f"{e['level']}: {e['message'][:300]}" for e in driver.get_log("browser")
                     if e["level"] == "SEVERE"]
    report.clipped_captions = driver.execute_script(CLIPPED_CAPTIONS, "article.bd-article")
    report.axe = axe_violations(driver)
    return report


def outside_loopback(urls: list[str]) -> list[str]:
    bad = []
    for url in urls:
        u = urlparse(url)
        if u.scheme in ("data", "blob", "about"):
            continue
        if u.hostname not in LOOPBACK:
            bad.append(url)
    return bad


def limit_for(report: PageReport) -> int:
    return LIMIT_CHARTS if report.charts else LIMIT_PLAIN


def unused_scripts(report: PageReport) -> list[str]:
    """What a page loads that it does not use: the theme's fontawesome.js (the
    stylesheet's webfont draws the icons), the Vega bundle without a chart,
    MathJax without math; and a chart or math left without its script."""
    paths = [urlparse(u).path for u in report.requests]
    vega = any(p.endswith(VEGA_JS) for p in paths)
    mathjax = any(p.startswith(MATHJAX_DIR) for p in paths)
    bad = [p for p in paths if p.endswith(FONTAWESOME_JS)]
    if vega and not report.charts:
        bad.append(f"{VEGA_JS} without a chart")
    if report.charts and not vega:
        bad.append(f"{report.charts} charts without {VEGA_JS}")
    if mathjax and not report.maths:
        bad.append("MathJax without math")
    if report.maths and not mathjax:
        bad.append(f"{report.maths} math elements without MathJax")
    return bad


# --------------------------------------------------------------------------- the tests
def test_unused_scripts_check_can_fail():
    base = "http://127.0.0.1:8000"
    page = PageReport("p.html", 1280, requests=[f"{base}/p.html", f"{base}{FONTAWESOME_JS}?digest=1"])
    assert unused_scripts(page) == [FONTAWESOME_JS]
    page = PageReport("p.html", 1280, requests=[f"{base}{VEGA_JS}?v=1", f"{base}/mathjax/startup.js"])
    assert unused_scripts(page) == [f"{VEGA_JS} without a chart", "MathJax without math"]
    page = PageReport("p.html", 1280, requests=[f"{base}/p.html"], charts=2, maths=3)
    assert unused_scripts(page) == [f"2 charts without {VEGA_JS}", "3 math elements without MathJax"]
    page = PageReport("p.html", 1280, requests=[f"{base}{VEGA_JS}", f"{base}/mathjax/core.js"], charts=1, maths=1)
    assert unused_scripts(page) == []


def test_icon_check_can_fail():
    good = {"cls": "fa-solid fa-bars", "family": "Font Awesome 6 Free", "content": '"\\uf0c9"', "loaded": True}
    assert icon_problems([good]) == []
    assert icon_problems([{**good, "loaded": False}])
    assert icon_problems([{**good, "family": "DejaVu Sans"}])
    assert icon_problems([{**good, "content": "none"}])


def test_static_host_gzips_text_and_nothing_else(tmp_path):
    """The test server compresses what static hosts compress, and only for a
    client that accepts gzip; the bytes decompress to the file."""
    import urllib.request

    script = b"var x = 1;\n" * 2000
    (tmp_path / "a.js").write_bytes(script)
    (tmp_path / "f.woff2").write_bytes(bytes(range(256)) * 40)
    server, thread = serve(tmp_path)
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def get(name: str, accept: str | None) -> tuple[str | None, bytes]:
        req = urllib.request.Request(base + name, headers={"Accept-Encoding": accept} if accept else {})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.headers.get("Content-Encoding"), resp.read()

    try:
        encoding, body = get("a.js?v=1", "gzip, deflate, br")
        assert encoding == "gzip" and len(body) < len(script) / 10
        assert gzip.decompress(body) == script
        assert get("a.js", None) == (None, script)
        assert get("f.woff2", "gzip")[0] is None
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_axe_check_can_fail():
    serious = {"id": "svg-img-alt", "impact": "serious", "help": "svg needs alt", "nodes": ["#a svg"]}
    assert axe_failures([serious]) and axe_failures([{**serious, "impact": "critical"}])
    assert axe_failures([{**serious, "impact": "moderate"}, {**serious, "impact": "minor"}]) == []


def test_outside_loopback_check_can_fail():
    assert outside_loopback(["https://unpkg.com/thebe@0.8.2/lib/index.js"]) == [
        "https://unpkg.com/thebe@0.8.2/lib/index.js"]
    assert outside_loopback(["http://10.0.0.1/x.js", "http://127.0.0.1:8000/a.js", "data:,x"]) == [
        "http://10.0.0.1/x.js"]


@pytest.fixture(scope="module")
def reports(html_dir, site, browser) -> list[PageReport]:
    """Every page at every width, loaded once in one browser session."""
    pages = book_pages(html_dir)
    assert len(pages) >= 10, pages
    out = []
    for width in WIDTHS:
        for page in pages:
            out.append(load_page(browser, site, page, width))
    if os.environ.get("BOOK_BROWSER_REPORT"):
        for r in out:
            top = sorted(r.by_url.items(), key=lambda kv: -kv[1])[:4]
            print(f"{r.page:36} {r.width:5} {r.bytes:>10,} B ({r.raw_bytes:>10,} B uncompressed) "
                  f"{len(r.requests):3} req {r.charts} charts {r.maths} math; "
                  + ", ".join(f"{urlparse(u).path.rsplit('/', 1)[-1]}={n:,}" for u, n in top))
        counts: dict[str, list[int]] = {}
        for r in out:
            for v in r.axe:
                c = counts.setdefault(f"{v['id']} ({v['impact']})", [0, 0])
                c[0] += len(v["nodes"])
                c[1] += 1
        for name, (nodes, pages) in sorted(counts.items()):
            print(f"axe: {name}: {nodes} nodes on {pages} page views")
    return out


def test_every_page_stays_on_the_loopback(reports):
    bad = {f"{r.page}@{r.width}": outside_loopback(r.requests)[:3] for r in reports if outside_loopback(r.requests)}
    assert not bad, f"pages request hosts outside 127.0.0.1: {bad}"


def test_no_page_logs_a_console_error(reports):
    bad = {f"{r.page}@{r.width}": r.errors[:3] for r in reports if r.errors}
    assert not bad, f"console errors: {bad}"


def test_every_chart_is_drawn(reports):
    assert sum(r.charts for r in reports) > 0, "no page has a .book-chart"
    bad = {f"{r.page}@{r.width}": r.undrawn[:3] for r in reports if r.undrawn}
    assert not bad, f"charts not drawn (no svg, or an svg of zero size): {bad}"


def test_every_chart_fits_the_text_column_on_a_desktop_screen(reports):
    """At 1280 px no chart is wider than the column that holds it (nothing is clipped)."""
    desktop = [r for r in reports if r.width == 1280]
    assert desktop and sum(r.charts for r in desktop) > 0
    bad = {r.page: r.too_wide[:3] for r in desktop if r.too_wide}
    assert not bad, f"charts wider than the text column at 1280 px: {bad}"


CAPTION_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>
<body><article class="bd-article" style="width: 300px">
<div id="scrolls" style="overflow-x: auto"><table><caption>Inside a scroll box</caption>
<tr><td style="white-space: nowrap">a very wide cell that does not fit three hundred pixels at all</td></tr></table></div>
<div id="clips" style="overflow: hidden"><div style="width: 600px"><p class="book-table-caption">Cut off</p></div></div>
<p class="book-table-caption">Outside, whole</p>
<div style="overflow-x: auto"><table><tr><td style="white-space: nowrap">another very wide cell, well beyond three hundred pixels</td></tr></table></div>
</article></body></html>"""


def test_caption_check_can_fail(browser, tmp_path):
    """The caption check flags a caption in a sideways-scrolling box and one cut
    by a clipping box, and passes a caption above a scrolling table."""
    (tmp_path / "captions.html").write_text(CAPTION_PAGE, encoding="utf-8")
    server, thread = serve(tmp_path)
    try:
        set_width(browser, WIDTHS[0])
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/captions.html")
        found = browser.execute_script(CLIPPED_CAPTIONS, "article.bd-article")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert len(found) == 2, found
    assert found[0].startswith("Inside a scroll box: inside a box that scrolls sideways"), found
    assert found[1].startswith("Cut off: cut by"), found


def test_no_table_caption_is_clipped(reports):
    """Every table caption is whole at 1280 and 390 px: above its table's scroll box, never in it."""
    bad = {f"{r.page}@{r.width}": r.clipped_captions[:3] for r in reports if r.clipped_captions}
    assert not bad, f"table captions clipped or inside a scrolling box: {bad}"


#: Share of the charts that may still be wider than a phone's column (drawn as
#: stored, in their scroll box): the specification curves, whose choice labels
#: alone take most of the width.
PHONE_OVERFLOW_SHARE = 0.1


def test_charts_fit_a_phone_or_scroll_in_a_reachable_region(reports):
    """At 390 px the charts are fitted to the column (_static/book-charts.js); the few that
    cannot be sit in a scroll box that a keyboard reaches (tabindex 0) and that is named
    (role region, labelled by the figure's caption)."""
    phone = [r for r in reports if r.width == 390]
    charts = sum(r.charts for r in phone)
    assert charts > 0
    bad = {r.page: r.unreachable[:3] for r in phone if r.unreachable}
    assert not bad, f"charts wider than the column, in a scroll box no keyboard reaches or without a name: {bad}"
    wide = {r.page: r.too_wide for r in phone if r.too_wide}
    assert sum(map(len, wide.values())) <= PHONE_OVERFLOW_SHARE * charts, (
        f"more than {PHONE_OVERFLOW_SHARE:.0%} of {charts} charts overflow a 390 px column: {wide}")


def test_every_formula_is_typeset(reports):
    assert any(r.maths for r in reports), "no page has math"
    bad = {f"{r.page}@{r.width}": r.untypeset[:3] for r in reports if r.untypeset}
    assert not bad, f"math left as TeX (no MathJax output): {bad}"


def test_every_theme_icon_is_drawn_by_the_webfont(reports):
    assert all(r.icons for r in reports), [f"{r.page}@{r.width}" for r in reports if not r.icons]
    bad = {f"{r.page}@{r.width}": r.bad_icons[:3] for r in reports if r.bad_icons}
    assert not bad, f"icons not drawn by the Font Awesome webfont: {bad}"


def test_pages_load_only_the_scripts_they_use(reports):
    bad = {f"{r.page}@{r.width}": unused_scripts(r) for r in reports if unused_scripts(r)}
    assert not bad, f"pages load scripts they do not use (or lack one they need): {bad}"


def test_page_weight(reports):
    bad = {}
    for r in reports:
        if r.bytes > limit_for(r):
            top = sorted(r.by_url.items(), key=lambda kv: -kv[1])[:5]
            bad[f"{r.page}@{r.width}"] = (r.bytes, [(urlparse(u).path, n) for u, n in top])
    assert not bad, f"pages over their weight limit ({LIMIT_PLAIN:,} B, with charts {LIMIT_CHARTS:,} B): {bad}"
    assert all(r.requests for r in reports), "the performance log recorded no request"


def test_no_serious_accessibility_violation(reports):
    """axe-core finds no serious or critical violation of WCAG 2.1 AA on any page at either width."""
    assert all(r.axe is not None for r in reports)
    bad = {f"{r.page}@{r.width}": axe_failures(r.axe)[:4] for r in reports if axe_failures(r.axe)}
    assert not bad, f"serious or critical axe violations: {bad}"
