"""Arabic and Chinese articles through the scripted server: English output, evidence
spans that index the original characters exactly (diacritics, CJK punctuation and all)."""

from __future__ import annotations

import pytest

from summarizer import ArticleSummary, summarize
from summarizer.testing.scripted_server import completion

ARABIC = """date 2024-08-31
قالت وزارة الداخلية العراقية إن قوات الأمن اعتقلت خمسة مشتبه بهم في محافظة الأنبار يوم الخميس. \
وأضافت الوزارة أن العملية جرت بالتنسيق مع التحالف الدولي. وَقَالَ المُتَحَدِّثُ بِاسْمِ الشُّرْطَةِ \
إِنَّ التَّحْقِيقَاتِ مُسْتَمِرَّةٌ. هل انتهت العملية؟ لم يتضح ذلك بعد.

وفي بغداد، افتتحت الحكومة جسراً جديداً فوق نهر دجلة."""

CHINESE = """date 2024-08-31
新华社北京8月30日电，国家防汛抗旱总指挥部周四表示，长江中下游地区将迎来新一轮强降雨。气象部门预计，部分地区降雨量可能超过200毫米。“我们已经做好了应急准备，”水利部官员张伟说。当地政府已转移约3000名居民！

另据报道，一座新桥在武汉通车。"""


def _event(what: str, when: str | None, where: str, s: list[int], killed: int | None = None) -> dict:
    return {"type": "event", "what": what, "when": when, "where": where, "country": None, "who": [],
            "killed": killed, "injured": None, "s": s}


def _check(s: ArticleSummary) -> None:
    assert s.spans()
    for sp in s.spans():
        assert s.article.text[sp.start:sp.end] == sp.text


def test_arabic_article(server, settings):
    server.add(completion({
        "headline": "Iraqi forces arrest five suspects in Anbar",
        "key_points": [1,
                       6],
        "events": [_event("Arrest of five suspects in Anbar", "يوم الخميس", "محافظة الأنبار", [1])],
        # the model drops the diacritics the article writes
        "claims": [{"s": 3, "source": "المتحدث باسم الشرطة", "said": "التحقيقات مستمرة"}],
    }))
    s = summarize(ARABIC, settings=settings)
    _check(s)
    text = s.article.text
    prompt = server.chat_requests()[0]["messages"][-1]["content"]
    assert "S4: هل انتهت العملية؟" in prompt and "S6: وفي بغداد" in prompt  # split at ؟ and at the paragraph
    assert len(server.chat_requests()) == 1 and not s.meta.warnings
    kp1, *rest = s.key_points  # chosen by code: the lead first, then sentences in article order
    first = "قالت وزارة الداخلية العراقية إن قوات الأمن اعتقلت خمسة مشتبه بهم في محافظة الأنبار يوم الخميس."
    assert (kp1.evidence[0].start, kp1.evidence[0].text) == (0, first)
    assert rest and all(kp.evidence[0].text in s.article.text and kp.text != first for kp in rest)
    (ev,) = s.events
    assert ev.date and ev.date.text == "يوم الخميس" and ev.evidence[0].text == first
    (claim,) = s.claims
    quote = "التَّحْقِيقَاتِ مُسْتَمِرَّةٌ"  # the article's own characters, harakat included
    assert claim.content == quote and claim.evidence[0].start == text.index(quote)
    assert claim.source.name == "المتحدث باسم الشرطة"


def test_chinese_article(server, settings):
    server.add(completion({
        "headline": "Heavy rain expected along the Yangtze",
        "key_points": [1,
                       4],
        "events": [_event("Local government relocated about 3,000 residents", "周四", "长江中下游地区", [1, 4])],
        # a near quote: one character added; aligned fuzzily inside the sentence, never widened to the clause
        "claims": [{"s": 3, "source": "水利部官员张伟", "said": "我们已经做好了应急的准备"}],
    }))
    s = summarize(CHINESE, settings=settings)
    _check(s)
    text = s.article.text
    prompt = server.chat_requests()[0]["messages"][-1]["content"]
    for k, start in enumerate(("新华社北京", "气象部门", "“我们已经", "当地政府", "另据报道"), 1):
        assert f"S{k}: {start}" in prompt  # 。！ end sentences with no space after them
    assert not s.meta.warnings
    first = "新华社北京8月30日电，国家防汛抗旱总指挥部周四表示，长江中下游地区将迎来新一轮强降雨。"
    kps = [kp.evidence[0].text for kp in s.key_points]  # chosen by code: sentences without spaces count too
    assert kps[0] == first and "当地政府已转移约3000名居民！" in kps
    assert s.key_points[kps.index("当地政府已转移约3000名居民！")].evidence[0].start == text.index("当地政府")
    (ev,) = s.events
    assert [sp.text for sp in ev.evidence] == [first, "当地政府已转移约3000名居民！"]
    (claim,) = s.claims
    assert claim.content == "我们已经做好了应急准备"
    assert claim.evidence[0].start == text.index("我们已经")


@pytest.mark.parametrize("text,killed", [("date 2024-08-31\n周四的袭击造成12人死亡。", 12),
                                         ("date 2024-08-31\nأسفر الهجوم يوم الخميس عن مقتل 12 شخصاً.", 12)],
                         ids=["chinese", "arabic"])
def test_casualty_figures_in_foreign_text(server, settings, text, killed):
    reply = {"headline": "Attack", "key_points": [1],
             "events": [_event("Attack", None, "", [1], killed=killed)], "claims": []}
    server.add(completion(reply), completion(reply))
    s = summarize(text, settings=settings)
    assert s.events and s.events[0].casualties[0].killed == killed
