"""The review page in a real headless Chromium (Debian's chromium + chromedriver, driven by selenium).

Pages are served from a local http.server on 127.0.0.1 that records every request; Chrome's
performance log records every request the page makes. Neither may see anything but the page.
Without chromium these tests fail under CI (CI=true) and skip elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from test_html import arabic_summary, chinese_summary, emoji_summary, example_summary, hostile_summary, runs

from summarizer.reconcile import Reconciliation, Story, StoryConflict
from summarizer.render.html import digest_to_html, to_html
from summarizer.schema import ArticleSummary, ConflictSide, Span

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


class Site:
    """Serves pages from memory on 127.0.0.1 and records every path asked for."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(self.path)
                body = site.pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("content-type", "text/html; charset=utf-8")
                self.send_header("content-length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        reason = f"browser tests need {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    profile = tempfile.mkdtemp(prefix="review-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def show(browser: Any, site: Site, html: str, width: int = 1280, height: int = 900) -> str:
    """Load ``html`` from the local site at the given viewport; logs and hits start empty."""
    path = f"/page{len(site.pages)}.html"
    site.pages[path] = html.encode("utf-8")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 700})
    browser.get_log("performance")
    browser.get_log("browser")
    site.hits.clear()
    browser.get(site.url + path)
    return site.url + path


def requests_made(browser: Any) -> list[str]:
    events = (json.loads(e["message"])["message"] for e in browser.get_log("performance"))
    return [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]


ACTIVE_RUNS = """
const root = document.getElementById(arguments[0]);
const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
const runs = [];
let pos = 0;
for (let n = walk.nextNode(); n; n = walk.nextNode()) {
  if (n.parentElement.closest("mark.active")) {
    const last = runs[runs.length - 1];
    if (last && last[1] === pos) last[1] += n.data.length; else runs.push([pos, pos + n.data.length]);
  }
  pos += n.data.length;
}
return runs.map(([a, b]) => [a, b, root.textContent.slice(a, b)]);
"""


def active(browser: Any, anchor: str = "a0") -> list[tuple[int, int, str]]:
    """Highlighted runs of the article as the browser has them: UTF-16 offsets and their characters."""
    return [tuple(r) for r in browser.execute_script(ACTIVE_RUNS, f"{anchor}-text")]


def expected(text: str, spans: list[Span]) -> list[tuple[int, int, str]]:
    """The same runs computed from code-point spans."""
    def u16(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2

    return [(u16(a), u16(b), text[a:b]) for a, b in runs(spans)]


def click(browser: Any, key: str) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, f'button[data-key="{key}"]').click()


def text_of(browser: Any, anchor: str = "a0") -> str:
    return browser.execute_script("return document.getElementById(arguments[0]).textContent", f"{anchor}-text")


def severe_console(browser: Any) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def wait_until(browser: Any, script: str, *args: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5, poll_frequency=0.05).until(lambda d: d.execute_script(script, *args))


IN_PANE = """
const m = document.querySelector("mark.active"), pane = m.closest(".pane");
const r = m.getBoundingClientRect(), p = pane.getBoundingClientRect();
return r.top >= Math.max(p.top, 0) && r.bottom <= Math.min(p.bottom, innerHeight);
"""


@pytest.fixture
def example(server, settings) -> ArticleSummary:
    return example_summary(server, settings)


def test_example_renders_with_every_item_and_no_errors(browser, site, example):
    show(browser, site, to_html(example))
    assert text_of(browser) == example.article.text
    assert browser.title.startswith(example.headline)
    count = "return document.querySelectorAll(arguments[0]).length"
    assert browser.execute_script(count, "button.item.k-claim") == len(example.claims)
    assert browser.execute_script(count, "button.item.k-event") == len(example.events)
    assert browser.execute_script(count, "button.item.k-point") == len(example.key_points)
    assert browser.execute_script(count, ".source") == len({c.source.canonical for c in example.claims})
    assert browser.execute_script(count, "mark.k-claim") > 0
    assert severe_console(browser) == []  # a CSP refusal of our own script would show here


def test_clicking_a_claim_highlights_exactly_its_spans_and_scrolls_to_them(browser, site, example):
    show(browser, site, to_html(example))
    for n, claim in enumerate(example.claims, 1):
        click(browser, f"a0-c{n}")
        assert active(browser) == expected(example.article.text, claim.evidence), claim.id
        assert browser.execute_script("return document.querySelectorAll('button.active').length") == 1
        wait_until(browser, IN_PANE)
    click(browser, f"a0-c{len(example.claims)}")  # the same card again clears the selection
    assert active(browser) == []


def test_clicking_events_and_key_points_highlights_their_spans(browser, site, example):
    show(browser, site, to_html(example))
    for key, item in [*((f"a0-e{n}", e) for n, e in enumerate(example.events, 1)),
                      *((f"a0-k{n}", k) for n, k in enumerate(example.key_points, 1))]:
        click(browser, key)
        assert active(browser) == expected(example.article.text, item.evidence), key


def test_hovering_a_highlight_names_every_item_citing_it(browser, site, example):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    show(browser, site, to_html(example))
    mark = browser.find_element(By.CSS_SELECTOR, "mark.k-claim.k-event.k-point")
    ActionChains(browser).move_to_element(mark).perform()
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed()
    keys = mark.get_attribute("data-items").split()
    rows = tip.find_elements(By.CSS_SELECTOR, "div")
    assert len(rows) == len(keys)
    cited = browser.execute_script("return [...document.querySelectorAll('button.cited')].map(b => b.dataset.key)")
    assert sorted(cited) == sorted(keys)
    assert "Claim c" in tip.text and "Event e" in tip.text
    mark.click()  # clicking the text selects the first item citing it
    assert browser.execute_script("return document.querySelector('button.active').dataset.key") == keys[0]


@pytest.mark.parametrize("make", [arabic_summary, chinese_summary, emoji_summary], ids=["arabic", "chinese", "emoji"])
def test_rtl_cjk_and_astral_text_highlight_exactly(browser, site, make):
    s = make()
    show(browser, site, to_html(s))
    assert text_of(browser) == s.article.text
    for key, item in [*((f"a0-c{n}", c) for n, c in enumerate(s.claims, 1)),
                      *((f"a0-e{n}", e) for n, e in enumerate(s.events, 1)),
                      *((f"a0-k{n}", k) for n, k in enumerate(s.key_points, 1))]:
        click(browser, key)
        assert active(browser) == expected(s.article.text, item.evidence), key
        width = "return [...document.querySelectorAll('mark.active')].every(m => m.getBoundingClientRect().width > 0)"
        assert browser.execute_script(width)
    direction = browser.execute_script("return getComputedStyle(document.getElementById('a0-text')).direction")
    assert direction == ("rtl" if s.article.language == "ar" else "ltr")
    if direction == "rtl":  # the first line starts at the right edge
        starts_right = """const t = document.getElementById('a0-text'), m = t.querySelector('mark');
                          return t.getBoundingClientRect().right - m.getClientRects()[0].right < 40"""
        assert browser.execute_script(starts_right)


def test_hostile_article_renders_as_text_and_runs_nothing(browser, site):
    s = hostile_summary(beacon=f"{site.url}/beacon")
    url = show(browser, site, to_html(s))
    assert browser.execute_script("return window.__pwned === undefined")
    counts = browser.execute_script("""return ['script', 'img', 'iframe', 'svg', 'link', 'style', 'i', 'u']
        .map(t => document.getElementsByTagName(t).length)""")
    assert counts == [2, 0, 0, 0, 1, 1, 0, 0]
    assert text_of(browser) == s.article.text
    assert browser.execute_script("return document.querySelector('h1').textContent") == s.headline
    click(browser, "a0-c1")
    assert active(browser) == expected(s.article.text, s.claims[0].evidence)
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, 'mark[data-items~="a0-c2"]')).perform()
    assert "</script><script>window.__pwned = 'json'</script>" in browser.find_element(By.ID, "tip").text
    assert browser.execute_script("return window.__pwned === undefined")
    assert site.hits == [url.removeprefix(site.url)], "the page asked the network for something"
    assert requests_made(browser) == [url]


def test_the_page_makes_no_request_but_itself(browser, site, example):
    url = show(browser, site, to_html(example))
    click(browser, "a0-c1")
    assert requests_made(browser) == [url]
    assert site.hits == [url.removeprefix(site.url)]


def test_digest_conflict_sides_jump_to_their_articles(browser, site):
    ar, zh = arabic_summary(), chinese_summary()
    conflict = StoryConflict(id="S1-x1", kind="numeric", summary="12 or 5?", story="S1", scope="story", sides=[
        ConflictSide(source="وزارة الصحة في غزة", article="ar-1", value=12, evidence=ar.claims[0].evidence),
        ConflictSide(source="李强", article="zh-1", value=5, evidence=zh.claims[0].evidence)])
    rec = Reconciliation(stories=[Story(id="S1", title="t", articles=["ar-1", "zh-1"])], conflicts=[conflict])
    show(browser, site, digest_to_html([ar, zh], rec, {"run": "r1"}), height=700)
    assert text_of(browser, "a0") == ar.article.text and text_of(browser, "a1") == zh.article.text
    click(browser, "x1-s2")
    assert active(browser, "a1") == expected(zh.article.text, zh.claims[0].evidence)
    assert active(browser, "a0") == []
    wait_until(browser, IN_PANE)
    click(browser, "x1-s1")
    assert active(browser, "a0") == expected(ar.article.text, ar.claims[0].evidence)
    assert active(browser, "a1") == []


def test_layout_is_side_by_side_on_a_laptop_and_stacked_on_a_phone(browser, site, example):
    html = to_html(example)
    geometry = """const a = document.querySelector('.article-pane').getBoundingClientRect(),
                        s = document.querySelector('.summary-pane').getBoundingClientRect();
                  return [a.left, a.right, a.top, s.left, s.top, document.documentElement.scrollWidth, innerWidth]"""
    show(browser, site, html, 1280, 800)
    a_left, a_right, a_top, s_left, s_top, scroll_w, inner_w = browser.execute_script(geometry)
    assert s_left >= a_right and abs(s_top - a_top) < 2 and scroll_w <= inner_w
    show(browser, site, html, 390, 844)
    a_left, a_right, a_top, s_left, s_top, scroll_w, inner_w = browser.execute_script(geometry)
    assert abs(s_left - a_left) < 2 and s_top > a_top and scroll_w <= inner_w
    click(browser, f"a0-c{len(example.claims)}")  # the sticky article pane scrolls to the claim
    assert active(browser) == expected(example.article.text, example.claims[-1].evidence)
    wait_until(browser, IN_PANE)
