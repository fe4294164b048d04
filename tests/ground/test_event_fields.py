"""Event fields settled against the article (ground/event_fields.py), through the real scripted server."""

from __future__ import annotations

from summarizer import summarize
from summarizer.testing.scripted_server import completion

WRAPPED = ("SAN ISIDRO, 3 MAY 90 -- [TEXT] GUERRILLAS OF THE FARABUNDO MARTI\n"
           "NATIONAL LIBERATION FRONT ATTACKED A POLICE POST IN SAN ISIDRO\n"
           "YESTERDAY, KILLING TWO POLICEMEN.\n")


def test_an_actor_named_across_a_line_break_is_shown_on_one_line_and_its_span_keeps_the_text(server, settings):
    draft = {"headline": "Guerrillas attack a police post in San Isidro", "key_points": [1],
             "events": [{"type": "attack", "what": "guerrillas attacked a police post", "when": "yesterday",
                         "where": "San Isidro", "country": None, "who": ["Farabundo Marti National Liberation Front"],
                         "killed": 2, "injured": None, "s": [1]}], "claims": []}
    server.add(completion(draft), completion(draft))
    (event,) = summarize(WRAPPED, settings=settings).events
    (actor,) = event.actors
    assert actor.name == "FARABUNDO MARTI NATIONAL LIBERATION FRONT"
    assert actor.span is not None and "\n" in actor.span.text
    assert WRAPPED[actor.span.start:actor.span.end] == actor.span.text
    assert any(r.field == "actors" and r.to == actor.name for r in event.repairs)
