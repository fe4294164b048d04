"""Properties of reconciliation over generated articles: order-independent, no self-conflict, idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reconcile import build

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile import article_conflicts

PLACES = {"Anbar province, Iraq": "Anbar", "Kabul, Afghanistan": "Kabul"}
SOURCES = ["Police", "The ministry", "Hospital officials", "CENTCOM"]
GROUPS = ["militants", "civilians", "US soldiers", "people"]


@st.composite
def articles(draw, aid: str) -> ArticleSummary:
    place = draw(st.sampled_from(sorted(PLACES)))
    kind = draw(st.sampled_from(["raid", "bombing"]))
    day = draw(st.sampled_from(["Tuesday", "Thursday"]))
    sentences, claims = [], []
    for _ in range(draw(st.integers(1, 3))):
        source, n = draw(st.sampled_from(SOURCES)), draw(st.integers(2, 30))
        group, measure = draw(st.sampled_from(GROUPS)), draw(st.sampled_from(["killed", "injured"]))
        content = f"{n} {group} were {measure} in the {kind} in {PLACES[place]} on {day}"
        sentences.append(f"{source} said {content}.")
        claims.append((source.removeprefix("The ").lower() if source.startswith("The") else source, content))
    if draw(st.booleans()):
        content = f"its fighters were killed in the {kind} in {PLACES[place]}"
        sentences.append(f"The group denied that {content}.")
        claims.append(("group", content, "denied"))
    if draw(st.booleans()):
        content = f"the {kind} in {PLACES[place]} was over"
        sentences.append(f"She added that {content}.")
        claims.append((claims[-1][0], content, "added", "She"))
    text = " ".join(sentences)
    first = claims[0][1]
    killed = int(first.split()[0]) if "killed" in first else None
    event = {"type": kind, "evidence": [first], "when": day, "where": place, "killed": killed,
             "injured": None if killed else int(first.split()[0])}
    return build(aid, text, published=draw(st.sampled_from(["2024-08-30", "2024-08-31"])),
                 headline=f"{kind} in {place}", claims=claims, events=[event])


@st.composite
def batches(draw) -> list[ArticleSummary]:
    out = [draw(articles(f"a{k}")) for k in range(draw(st.integers(1, 4)))]
    for k, original in enumerate(draw(st.lists(st.sampled_from(out), max_size=2))):  # copies under new ids
        out.append(original.model_copy(update={"article": original.article.model_copy(update={"id": f"copy{k}"})}))
    return out


RUNS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RUNS
@given(batches(), st.data())
def test_order_does_not_matter(summaries, data):
    shuffled = data.draw(st.permutations(summaries))
    assert reconcile(shuffled).model_dump() == reconcile(summaries).model_dump()


@RUNS
@given(batches())
def test_no_item_conflicts_with_itself(summaries):
    r = reconcile(summaries)
    for c in r.conflicts:
        keys = [(sd.article, sd.item) for sd in c.sides]
        assert len(set(keys)) >= 2, c
        assert len({(sd.article, sd.item, sd.source, str(sd.value)) for sd in c.sides}) == len(c.sides), c
    kept = {a for s in r.stories for a in s.articles}
    assert all(sd.article in kept for c in r.conflicts for sd in c.sides)  # copies never speak twice


@RUNS
@given(batches())
def test_reconciling_is_idempotent(summaries):
    once = reconcile(summaries).model_dump()
    assert reconcile(summaries + summaries).model_dump() == once  # resubmitting changes nothing
    filled = [s.model_copy(update={"conflicts": article_conflicts(s)}) for s in summaries]
    assert reconcile(filled).model_dump() == once  # earlier conflicts in the input are recomputed, not stacked
    for s in filled:
        assert [c.model_dump() for c in article_conflicts(s)] == [c.model_dump() for c in s.conflicts]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.sets(st.tuples(st.integers(0, 11), st.integers(0, 11))))
def test_connected_groups_as_every_pair_would(n, edges):
    from summarizer.reconcile.unionfind import components, connected

    related = {(a, b) for a, b in edges if a < n and b < n} | {(b, a) for a, b in edges if a < n and b < n}
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if (i, j) in related]
    assert connected(n, lambda i, j: (i, j) in related) == components(n, pairs, singletons=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["The raid killed 7.", "the raid  killed 7.", "The raid killed 9.",
                                           "The raids killed 7.", "Officials said the raid killed 7."]),
                          st.sampled_from(["2024-08-29", "2024-08-30", None])), min_size=1, max_size=8))
def test_copies_found_as_a_scan_of_every_kept_article_would(docs):
    from rapidfuzz import fuzz

    from summarizer import Article
    from summarizer.reconcile.stories import _COPY_RATIO, _facts, _norm, _published, find_duplicates

    summaries = [ArticleSummary.model_construct(article=Article(id=f"a{k}", text=t, published=p))
                 for k, (t, p) in enumerate(docs)]
    kept, expected = [], {}
    for s in sorted(summaries, key=_published):
        text, facts = _norm(s.article.text), _facts(s.article.text)
        match = next((k for k, kt, kf in kept
                      if kt == text or (kf == facts and fuzz.ratio(text, kt, score_cutoff=_COPY_RATIO))), None)
        if match:
            expected[s.article.id] = match
        else:
            kept.append((s.article.id, text, facts))
    assert find_duplicates(summaries) == expected
