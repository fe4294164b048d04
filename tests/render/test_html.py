"""The review page without a browser: segments, offsets, escaping, the digest's links.

The hand-built summaries here (Arabic, Chinese, emoji, hostile) are shared with test_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

from conftest import EXAMPLE, ROOT
from drafts import example_draft
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from summarizer import load_article, summarize
from summarizer.reconcile import Reconciliation, Story, StoryConflict, reconcile
from summarizer.render.html import digest_to_html, segments_html, to_html
from summarizer.schema import (
    Actor,
    Article,
    ArticleSummary,
    Casualty,
    Claim,
    Conflict,
    ConflictSide,
    Event,
    KeyPoint,
    Location,
    Meta,
    Quantity,
    Source,
    Span,
    TimeRef,
)
from summarizer.testing.scripted_server import completion

# --- hand-built summaries --------------------------------------------------------------------------------------

def span(text: str, sub: str) -> Span:
    start = text.index(sub)
    return Span(start=start, end=start + len(sub), text=sub)


def claim(text: str, id: str, source: str, canonical: str, cue: str, content: str, **kw: object) -> Claim:
    return Claim(id=id, source=Source(name=source, canonical=canonical, kind="organization"), cue=cue,
                 content=content, evidence=[span(text, content)], **kw)


ARABIC = ("قالت وزارة الصحة في غزة يوم الأحد إن 12 شخصاً قتلوا في غارة جوية على مخيم النصيرات وسط القطاع.\n\n"
          "وقال متحدث باسم الجيش إن الغارة استهدفت مسلحين، مضيفاً أن التحقيق جارٍ.")
CHINESE = ("新华社北京3月5日电 国务院总理李强5日在政府工作报告中说，今年国内生产总值增长预期目标为5%左右。\n\n"
           "他表示，中国将继续扩大内需，推动经济稳定增长。")
EMOJI = ("🎉 Fans 🎉 partied in 東京 after the 🏆 final.\r\n\r\n"
         "Police 👮 said 3 people were hurt 🚑 near the 🏟️ stadium & the <b>fan zone</b>.")


def arabic_summary() -> ArticleSummary:
    t = ARABIC
    return ArticleSummary(
        article=Article(id="ar-1", text=t, language="ar", published="2024-06-10", source="وكالة"),
        headline="مقتل 12 شخصاً في غارة على مخيم النصيرات",
        key_points=[KeyPoint(text="مقتل 12 شخصاً في غارة جوية", evidence=[span(t, t.split("\n")[0])])],
        events=[Event(id="e1", type="airstrike", description="غارة جوية على مخيم النصيرات",
                      date=TimeRef(text="يوم الأحد", start="2024-06-09", end="2024-06-09", precision="day"),
                      location=Location(text="مخيم النصيرات", country="Palestine"),
                      casualties=[Casualty(group="أشخاص", killed=12)],
                      evidence=[span(t, "12 شخصاً قتلوا في غارة جوية على مخيم النصيرات")])],
        claims=[claim(t, "c1", "وزارة الصحة في غزة", "وزارة الصحة في غزة", "قالت",
                      "12 شخصاً قتلوا في غارة جوية على مخيم النصيرات وسط القطاع",
                      quantities=[Quantity(value=12, about="شخصاً")]),
                claim(t, "c2", "متحدث باسم الجيش", "الجيش", "وقال", "الغارة استهدفت مسلحين")],
        meta=Meta(model="scripted", backend="openai", prompt_version="summarize-v1", llm_calls=1),
    )


def chinese_summary() -> ArticleSummary:
    t = CHINESE
    return ArticleSummary(
        article=Article(id="zh-1", text=t, language="zh", published="2024-03-05"),
        headline="李强：今年经济增长目标为5%左右",
        key_points=[KeyPoint(text="今年经济增长目标为5%左右",
                             evidence=[span(t, "今年国内生产总值增长预期目标为5%左右")])],
        events=[Event(id="e1", type="speech", description="李强作政府工作报告",
                      date=TimeRef(text="5日", start="2024-03-05", end="2024-03-05", precision="day"),
                      actors=[Actor(name="李强")], evidence=[span(t, "国务院总理李强5日在政府工作报告中说")])],
        claims=[claim(t, "c1", "国务院总理李强", "李强", "说", "今年国内生产总值增长预期目标为5%左右",
                      quantities=[Quantity(value=5, unit="%", qualifier="about")]),
                claim(t, "c2", "他", "李强", "表示", "中国将继续扩大内需，推动经济稳定增长")],
    )


def emoji_summary() -> ArticleSummary:
    t = EMOJI
    return ArticleSummary(
        article=Article(id="emoji-1", text=t),
        headline="Fans celebrate; 3 hurt",
        key_points=[KeyPoint(text="Three people were hurt.", evidence=[span(t, t[t.index("Police"):])])],
        events=[Event(id="e1", type="celebration", description="Fans partied",
                      evidence=[span(t, "partied in 東京 after the 🏆 final")])],
        claims=[claim(t, "c1", "Police", "Police", "said", "3 people were hurt 🚑 near the 🏟️ stadium & the <b>")],
    )


def hostile_summary(beacon: str = "http://127.0.0.1:9/beacon") -> ArticleSummary:
    """Markup and script payloads in every field a model or an article can fill."""
    t = ('Officials said <script>window.__pwned = "script"</script> nothing happened.\n'
         f'<img src="{beacon}/img" onerror="window.__pwned = \'img\'"> A photo followed.\n'
         '</div></mark></article><b onmouseover="window.__pwned = \'b\'">bold</b> & &amp; "q" \'s\'\n'
         f'<link rel="stylesheet" href="{beacon}/css"><iframe src="{beacon}/frame"></iframe> The end.')
    script = '<script>window.__pwned = "script"</script> nothing happened'
    img = t.split("\n")[1].split(">")[0] + ">"
    return ArticleSummary(
        article=Article(id='x"><img src=x>', text=t, title=f'</title><img src="{beacon}/title">',
                        byline="<i>me</i>", url="javascript:window.__pwned = 'url'", language='en" onclick="x'),
        headline="</title><script>window.__pwned = 'headline'</script>",
        key_points=[KeyPoint(text="<svg onload=\"window.__pwned = 'svg'\">", evidence=[span(t, t.split("\n")[2])])],
        events=[Event(id="e1<", type="<style>body{display:none}</style>", description=f'<iframe src="{beacon}/ev">',
                      location=Location(text="<u>here</u>"), evidence=[span(t, t.split("\n")[3])])],
        claims=[Claim(id="c1", source=Source(name="\"><img src=x onerror=\"window.__pwned = 'src'\">",
                                             canonical="Evil <b>Corp</b>"),
                      cue="said", content=script, evidence=[span(t, script)]),
                Claim(id="c2", source=Source(name="X", canonical="X"), cue="</script>",
                      content="</script><script>window.__pwned = 'json'</script>", evidence=[span(t, img)])],
        conflicts=[Conflict(id='x"><script>', kind="numeric", summary="<b>sum</b>", note="<script>note</script>",
                            sides=[ConflictSide(source="<i>src</i>", article='x"><img src=x>', value={"<k>": "<v>"},
                                                evidence=[span(t, "nothing happened")])])],
        meta=Meta(model="<script>m</script>", backend="openai", warnings=[
            f'dropped ungrounded claims: <img src="{beacon}/warn" onerror="window.__pwned = \'warn\'">']),
    )


def example_summary(server, settings) -> ArticleSummary:
    server.add(completion(example_draft(), prompt_tokens=1000, completion_tokens=200))
    return summarize(load_article(EXAMPLE), settings=settings)


# --- parsing the page -------------------------------------------------------------------------------------------

class Page(HTMLParser):
    """Tags, attributes, script bodies, and each article's text as (chunk, item keys) segments."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.segments: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._stack: list[str] = []
        self._text: str | None = None  # id of the article text element we are in
        self._depth = 0  # its depth in the stack
        self._keys: tuple[str, ...] = ()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("meta", "link"):
            return
        self._stack.append(tag)
        if "text" in (a.get("class") or "").split():
            self._text, self._depth = a["id"], len(self._stack)
            self.segments[self._text] = []
        elif tag == "mark":
            self._keys = tuple((a["data-items"] or "").split())

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()
        if tag == "mark":
            self._keys = ()
        if len(self._stack) < self._depth:
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "script":
            self.scripts.append(data)
        if self._text:
            self.segments[self._text].append((data, self._keys))

    def text(self, anchor: str = "a0") -> str:
        return "".join(chunk for chunk, _ in self.segments[f"{anchor}-text"])

    def covered(self, anchor: str, key: str) -> list[tuple[int, int]]:
        """Code-point runs of the article text inside marks citing ``key``."""
        runs: list[tuple[int, int]] = []
        pos = 0
        for chunk, keys in self.segments[f"{anchor}-text"]:
            if key in keys:
                if runs and runs[-1][1] == pos:
                    runs[-1] = (runs[-1][0], pos + len(chunk))
                else:
                    runs.append((pos, pos + len(chunk)))
            pos += len(chunk)
        return runs


def runs(spans: list[Span]) -> list[tuple[int, int]]:
    """Spans merged into disjoint runs, as a highlight shows them."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((sp.start, sp.end) for sp in spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


# --- tests ------------------------------------------------------------------------------------------------------

@hsettings(max_examples=200, deadline=None)
@given(st.data())
def test_segments_keep_the_text_and_cover_exactly_the_spans(data):
    text = data.draw(st.text(alphabet=st.sampled_from(list("ab <>&\"'\r\nشخص中文🎉🏟️\u200f")), max_size=40))
    n = len(text)
    bounds = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).filter(lambda p: p[0] < p[1])
    marks = [(s, e, f"k{i}", "claim") for i, (s, e) in enumerate(data.draw(st.lists(bounds, max_size=6)))]
    html = segments_html(text, marks)
    assert "\r" not in html
    p = Page(f'<div class="text" id="a0-text">{html}</div>')
    assert p.text() == text
    for _s, _e, key, _ in marks:
        expected = runs([Span(start=s2, end=e2, text="") for s2, e2, k2, _ in marks if k2 == key])
        assert p.covered("a0", key) == expected


def test_example_page_holds_the_article_and_every_item(server, settings):
    s = example_summary(server, settings)
    html = to_html(s)
    p = Page(html)
    assert p.text() == s.article.text
    keys = {k for _, ks in p.segments["a0-text"] for k in ks}
    cards = [a["data-key"] for tag, a in p.tags if tag == "button" and "data-key" in a]
    sides = [a["data-key"] for tag, a in p.tags if tag == "button" and "k-side" in a["class"].split()]
    assert len(cards) == len(s.key_points) + len(s.events) + len(s.claims) + len(sides)
    assert len(sides) == sum(len(c.sides) for c in s.conflicts) > 0
    assert set(cards) == keys
    for n, c in enumerate(s.claims, 1):
        assert p.covered("a0", f"a0-c{n}") == runs(c.evidence)
    for n, e in enumerate(s.events, 1):
        assert p.covered("a0", f"a0-e{n}") == runs(e.evidence)
    for name in ("US Central Command", "Joint Operations Command", "2024-08-29", "last Thursday",
                 "summarize-v2", "1,000 in", "200 out", "attribution"):
        assert name in html, name
    assert html.count('class="source"') == len({c.source.canonical for c in s.claims})


def test_every_language_keeps_its_text_and_offsets():
    for s in (arabic_summary(), chinese_summary(), emoji_summary()):
        p = Page(to_html(s))
        assert p.text() == s.article.text
        for n, c in enumerate(s.claims, 1):
            covered = p.covered("a0", f"a0-c{n}")
            assert covered == runs(c.evidence)
            assert [s.article.text[a:b] for a, b in covered] == [sp.text for sp in c.evidence]
    assert 'lang="ar" dir="rtl"' in to_html(arabic_summary())
    assert 'lang="zh" dir="auto"' in to_html(chinese_summary())


def test_hostile_text_is_escaped_everywhere():
    s = hostile_summary()
    html = to_html(s)
    p = Page(html)
    names = [tag for tag, _ in p.tags]
    assert names.count("script") == 2 and names.count("style") == 1 and names.count("link") == 1
    assert not {"img", "iframe", "svg", "i", "u"} & set(names)
    assert not [(t, k) for t, a in p.tags for k in a if k.startswith("on")]
    assert all(a["href"].startswith("#") for t, a in p.tags if t == "a"), "javascript: URL became a link"
    assert p.text() == s.article.text
    data, script = p.scripts
    assert "</script>" not in data and "<" not in data
    labels = [v["label"] for v in json.loads(data).values()]
    assert any("</script><script>window.__pwned = 'json'</script>" in lab for lab in labels)
    csp = next(a["content"] for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "&lt;svg onload" in html and "Evil &lt;b&gt;Corp&lt;/b&gt;" in html


def test_dropped_items_and_unplaceable_spans_are_listed():
    s = emoji_summary()
    s.meta.warnings = ["dropped ungrounded events: e9 (killed=40 not in its evidence)"]
    s.claims[0].evidence.append(Span(start=0, end=4, text="nope"))
    html = to_html(s)
    assert '<li class="dropped" dir="auto">dropped ungrounded events: e9 (killed=40 not in its evidence)</li>' in html
    assert "span 0–4 is not the article&#39;s text; not highlighted" in html
    assert Page(html).covered("a0", "a0-c1") == runs(s.claims[0].evidence[:1])


def test_timeline_is_in_date_order_with_undated_last():
    s = chinese_summary()
    first = s.events[0]
    s.events = [first.model_copy(update={"id": "e0", "date": None, "description": "undated thing"}),
                first.model_copy(update={"id": "e2", "description": "later thing",
                                         "date": TimeRef(text="7日", start="2024-03-07", end="2024-03-07")}),
                first]
    html = to_html(s)
    order = [html.index(d) for d in ("李强作政府工作报告", "later thing", "undated thing")]
    assert order == sorted(order)


def test_cost_is_priced_from_the_tokens():
    s = emoji_summary()
    s.meta = Meta(model="gpt-4o-mini", backend="openai", prompt_tokens=1_000_000, completion_tokens=500_000)
    assert "$0.4500 at list price" in to_html(s)
    s.meta.model = "my-own-model"
    assert "unknown (no price for this model)" in to_html(s)
    s.meta.backend = "embedded"
    assert "$0 (local model)" in to_html(s)


def test_digest_links_conflict_sides_to_their_articles():
    ar, zh = arabic_summary(), chinese_summary()
    conflict = StoryConflict(id="S1-x1", kind="numeric", summary="12 or 5?", story="S1", scope="story", sides=[
        ConflictSide(source="وزارة الصحة في غزة", article="ar-1", item="c1", value=12, evidence=ar.claims[0].evidence),
        ConflictSide(source="李强", article="zh-1", item="c1", value=5.0),  # no evidence: links to its claim
        ConflictSide(source="nobody", article="missing-article", value="?")])
    inside = StoryConflict(id="S1-x2", kind="update", summary="inside one article", story="S1", scope="article")
    rec = Reconciliation(stories=[Story(id="S1", title="Two stories", articles=["ar-1", "zh-1"],
                                        duplicates={"missing-article": "ar-1"})],
                         conflicts=[conflict, inside], warnings=["judge <b>offline</b>"], llm_calls=2)
    html = digest_to_html([ar, zh], rec, {"run": "2024-06-10", "cost": "$0.0123"})
    p = Page(html)
    assert p.text("a0") == ar.article.text and p.text("a1") == zh.article.text
    assert p.covered("a0", "x1-s1") == runs(ar.claims[0].evidence)
    sides = [a.get("data-key") for t, a in p.tags if "side" in (a.get("class") or "").split()]
    assert sides == ["x1-s1", "a1-c1", None]
    assert "inside one article" not in html, "an article's own conflicts belong beside it"
    assert 'href="#a0"' in html and 'href="#a1"' in html and "missing-article" in html
    assert "judge &lt;b&gt;offline&lt;/b&gt;" in html and "· Two stories" in html
    assert re.search(r"<dt>run</dt><dd>2024-06-10</dd>.*<dt>articles</dt><dd>2</dd><dt>LLM calls</dt><dd>3</dd>",
                     html, re.DOTALL)
    assert "Conflicts between articles" not in digest_to_html([ar])


def test_digest_of_a_real_reconciliation(server, settings):
    summaries = [example_summary(server, settings), arabic_summary(), chinese_summary()]
    rec = reconcile(summaries)
    p = Page(digest_to_html(summaries, rec, {"run": 7}))
    for n, s in enumerate(summaries):
        assert p.text(f"a{n}") == s.article.text
    assert len(rec.stories) == sum(1 for t, a in p.tags if t == "li" and a.get("class") == "story")
    per_article = sum(len(c.sides) for s in summaries for c in s.conflicts)
    cross = sum(len(c.sides) for c in rec.conflicts if c.scope == "story")
    shown = sum(1 for t, a in p.tags if "side" in (a.get("class") or "").split())
    assert per_article and shown == per_article + cross


def test_cli_writes_the_html_page(server, tmp_path):
    server.add(completion(example_draft()))
    out = tmp_path / "out.html"
    r = subprocess.run([sys.executable, "-m", "summarizer", "summarize", str(EXAMPLE), "--format", "html", "-o",
                        str(out), "--base-url", server.url, "--api-key", "sk-test", "--model", "scripted",
                        "--mode", "json"], check=False, capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    p = Page(out.read_text(encoding="utf-8"))
    assert p.text() == load_article(EXAMPLE).text
    assert any(t == "h1" for t, _ in p.tags)
