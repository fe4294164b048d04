"""States that cannot both hold ("reopened" / "remains closed"), and the sequences and other subjects that can."""

from __future__ import annotations

import time

from outlets import across, bare, contradictions, one, two

from summarizer.reconcile import article_conflicts
from summarizer.reconcile.states import states


def test_a_state_is_read_with_its_axis_polarity_and_kind():
    got = {(x.axis, x.positive, x.kind) for x in states(bare(
        "The Delta museum has not reopened. The striker Ivo Marek remains in office. The curfew is still in force."))}
    assert got == {("open", False, "persist"), ("office", True, "persist"), ("force", True, "persist")}


def test_antonym_states_of_one_subject_contradict():
    for text in ("The Kolva border crossing reopened on Monday, the customs agency said. Truck drivers said the "
                 "Kolva border crossing remains shut.",
                 "The union leader Rana Oduya was freed on Sunday, her family said. Prison officials said Rana "
                 "Oduya is still being held in the capital.",
                 "The regional governor Tomas Ahn resigned on Friday. Aides insisted the regional governor "
                 "remains in office.",
                 "The night curfew in Sorra was lifted on Thursday. Residents said the night curfew in Sorra is "
                 "still in force."):
        assert len(contradictions(article_conflicts(bare(text)))) == 1, text


def test_across_outlets_and_with_negation():
    a = one("The Orla dam spillway was closed on Tuesday, the water board said.")
    b = two("The water board said the Orla dam spillway has not been closed.")
    assert len(contradictions(across(a, b))) == 1


def test_sequences_other_subjects_and_hedges_stay_quiet():
    for text in ("The port was closed on Monday and reopened on Wednesday after the storm passed.",
                 "The airport reopened on Sunday. The old terminal remains closed for repairs.",
                 "The main road reopened on Tuesday. Side roads remain closed.",
                 "Police arrested the driver on Friday. He was released on bail on Saturday.",
                 "The museum remains closed. Officials said the museum may reopen next month.",
                 "The first suspect was detained at the airport. A second suspect remains at large."):
        assert not contradictions(article_conflicts(bare(text))), text


def test_a_persistence_before_the_change_is_a_sequence():
    a = one("The Tarn tunnel remains closed after the landslide, engineers said.", published="2025-03-10")
    b = two("The Tarn tunnel reopened to traffic after the landslide, engineers said.", published="2025-03-12")
    assert not contradictions(across(a, b))


def test_the_subject_before_a_relative_clause_is_the_one_whose_state_it_is():
    [x] = states(bare("The aid worker Ana Vole, who was seized near the border last month, was released on Monday."))
    assert x.axis == "free" and x.positive and {"ana", "vole"} <= x.subject and "border" not in x.subject


def test_many_states_stay_fast_and_quiet():
    text = " ".join(f"The Route {k} bridge reopened on Monday. The Route {k + 5000} tunnel remains closed."
                    for k in range(1500))
    started = time.process_time()  # CPU of this process: what other load does not change
    found = contradictions(article_conflicts(bare(text)))
    assert found == [] and time.process_time() - started < 20


def test_a_denial_and_a_confirmation_of_clauses_about_different_subjects_stay_quiet():
    a = one("Orvik Textiles denied on Monday that its Lund factory would close, but confirmed that the weekend "
            "shift at the factory would end in July.")
    b = two("Orvik Textiles has confirmed that the weekend shift at its Lund factory will be cut in July. "
            "Workers at the Lund factory were told on Monday.")
    assert contradictions(across(a, b)) == []
    c = two("Orvik Textiles has confirmed that its Lund factory will close in July. Workers at the Lund factory "
            "were told on Monday.")
    assert len(contradictions(across(a, c))) == 1


def test_a_structure_that_held_against_one_that_gave_way():
    a = one("The old sea wall at Brisk held overnight despite the storm surge, the harbour office said.")
    b = two("Seawater flooded the lower town of Brisk after the sea wall gave way overnight.")
    assert len(contradictions(across(a, b))) == 1
    # a meeting held, and a passive "was held", are no structure standing
    c = one("The old sea wall at Brisk was held up as a model for years, the harbour office said.")
    assert all(x.axis != "intact" for x in states(c))


def test_what_will_be_open_and_closed_on_one_day():
    a = one("All libraries in the Orvik borough will stay open on Saturday despite the strike, the council said.")
    b = two("Orvik borough libraries will be closed on Saturday because of the strike, a council official said.")
    assert len(contradictions(across(a, b))) == 1
    later = two("Orvik borough libraries will be closed on Sunday because of the strike, a council official said.")
    assert contradictions(across(a, later)) == []
    now = two("Orvik borough libraries remain closed because of the strike, a council official said.")
    assert contradictions(across(a, now)) == []  # closed now, open on Saturday: a sequence


def test_what_will_be_open_and_closed_on_the_coming_weekday_told_on_two_days():
    a = one("All libraries in the Orvik borough will stay open on Saturday despite the strike, the council said.",
            published="2025-09-11")  # Thursday: the coming Saturday is 13 September
    b = two("Orvik borough libraries will be closed on Saturday because of the strike, a council official said.",
            published="2025-09-13")  # that Saturday itself
    assert len(contradictions(across(a, b))) == 1
    late = two("Orvik borough libraries will be closed on Saturday because of the strike, a council official said.",
               published="2025-09-14")  # Sunday: the Saturday after
    assert contradictions(across(a, late)) == []


def test_a_future_state_takes_the_coming_day_and_its_report_the_past_one():
    (st,) = [x for x in states(bare("Brennock schools will stay open on Monday despite the storm, the district "
                                    "said on Friday.", published="2025-01-15")) if x.days]  # a Wednesday
    assert [d[0].isoformat() for d in st.days] == ["2025-01-20", "2025-01-10"]
    (st,) = [x for x in states(bare("The Dunholt mill will close in December.", published="2025-09-12")) if x.days]
    assert st.days[0][0].isoformat() == "2025-12-01"  # not a year back


def test_charged_and_released_without_charge_for_one_person_not_two():
    a = one("The rider of a motorbike that hit a tram stop in Kell on Friday has been charged with careless "
            "driving, police said.")
    b = two("A 30-year-old man who was riding the motorbike that hit a tram stop in Kell on Friday was released "
            "without charge, police said.")
    assert len(contradictions(across(a, b))) == 1
    c = two("A pillion passenger on the motorbike that hit a tram stop in Kell on Friday was released without "
            "charge, police said.")
    assert contradictions(across(a, c)) == []


def test_a_named_person_did_and_did_not_do_one_thing():
    a = one("Culture Minister Lena Osk opened the library in Brisk on Saturday. Readers queued for hours.")
    b = two("The new library in Brisk welcomed its first readers on Saturday. Culture Minister Lena Osk did not "
            "open the building, and a local author cut the ribbon.")
    assert len(contradictions(across(a, b))) == 1
    other = two("The new library in Brisk welcomed its first readers on Saturday. Culture Minister Lena Osk did not "
                "open the new swimming pool, which is still unfinished.")
    assert contradictions(across(a, other)) == []
    someone = two("The new library in Brisk welcomed its first readers on Saturday. Mayor Piet Dahl did not open "
                  "the building, and a local author cut the ribbon.")
    assert contradictions(across(a, someone)) == []


def test_another_structure_or_another_object_stays_quiet():
    assert contradictions(article_conflicts(bare(
        "The sea wall held overnight. Further north, a newer sea wall at Kell gave way on Sunday."))) == []
    assert contradictions(article_conflicts(bare(
        "Mayor Ida Lund opened the pier on Saturday. Mayor Ida Lund did not open the museum, which is shut."))) == []


def test_a_guilty_verdict_and_an_acquittal_of_one_defendant_contradict():
    assert len(contradictions(article_conflicts(bare(
        "A jury found former councillor Edwin Sarrow guilty of misusing public funds on Thursday. Sarrow, who was "
        "cleared of all charges, left the court with his wife."))))
    a = one("A jury on Thursday found Maris Quell not guilty of fraud, clearing the former fund manager.")
    b = two("Jurors on Thursday returned guilty verdicts against Quell on both counts of fraud she faced.")
    assert len(contradictions(across(a, b))) == 1


def test_verdicts_on_other_charges_other_defendants_or_an_appeal_stay_quiet():
    for text in ("A jury found Ana Brell guilty of manslaughter on Monday. Brell was acquitted of murder.",
                 "A jury convicted Arno Pieters of arson on Thursday. Kasim Yilmaz was acquitted of fraud on "
                 "Thursday.",
                 "Ivo Sandor was found guilty of fraud in 2023. An appeal court quashed the verdict and Sandor "
                 "was cleared of all charges on Monday."):
        assert contradictions(article_conflicts(bare(text))) == [], text


def test_suspended_service_and_a_sailing_that_left_against_all_cancelled():
    a = one("The Orrin Valley rail line reopened to passengers on Monday, the operator said.")
    b = two("Trains on the Orrin Valley route remained suspended on Monday as engineers worked on the embankment.")
    assert len(contradictions(across(a, b))) == 1
    assert len(contradictions(article_conflicts(bare(
        "The operator said all sailings between Port Aven and Marrick were cancelled for the day. A spokesman later "
        "said the afternoon sailing from Port Aven left on time.")))) == 1


def test_the_morning_sailing_cancelled_and_the_afternoon_one_on_time_stay_quiet():
    assert contradictions(article_conflicts(bare(
        "The morning sailing from Port Aven was cancelled. The afternoon sailing from Port Aven left on time."))) == []


def test_a_resignation_against_a_named_chief_who_remains_in_post():
    a = one("Jonas Berg resigned as chief executive of the lender Fjordbank on Monday after a trading loss.")
    b = two("Fjordbank's chief executive, Jonas Berg, remains in his post despite the loss, the bank said.")
    assert len(contradictions(across(a, b))) == 1
    c = two("Fjordbank's finance director, Lena Moe, remains in her post despite the loss, the bank said.")
    assert contradictions(across(a, c)) == []


def test_discharged_against_still_in_intensive_care():
    a = one("Skier Anja Holm was discharged from hospital on Friday, her team said.")
    b = two("Anja Holm remains in intensive care at Tarn General Hospital, staff said on Friday.")
    assert len(contradictions(across(a, b))) == 1


def test_a_player_who_will_start_and_one_ruled_out():
    a = one("Striker Paulo Reis will start for Dunmore in Sunday's final, the coach said.")
    b = two("Dunmore have ruled Paulo Reis out of Sunday's final with a hamstring injury, the club said.")
    assert len(contradictions(across(a, b))) == 1
    c = two("Dunmore have ruled Tomas Lind out of Sunday's final with a hamstring injury, the club said.")
    assert contradictions(across(a, c)) == []


def test_bail_granted_and_denied_at_one_hearing():
    a = one("A judge granted bail on Monday to Karl Ostrem, the ferry captain charged over the collision.")
    b = two("Karl Ostrem was denied bail at Harbourside court on Monday and stays in custody.")
    assert len(contradictions(across(a, b))) == 1
    c = two("Lena Ostrem was denied bail at Harbourside court on Monday in a separate fraud case.")
    assert contradictions(across(a, c)) == []


def test_standing_again_and_ruling_it_out():
    a = one("Governor Ines Vall will seek a second term next year, her spokesman said.")
    b = two("Ines Vall has ruled out running again for governor, two aides said.")
    assert len(contradictions(across(a, b))) == 1


def test_a_strike_called_off_and_one_that_went_ahead():
    a = one("Dock workers in Saltmere called off a strike planned for Monday after a late pay offer.")
    b = two("Dock workers in Saltmere went ahead with their strike on Monday after talks failed.")
    assert len(contradictions(across(a, b))) == 1


def test_a_plan_voted_through_and_rejected():
    a = one("The Brenna council voted on Monday to approve a plan for 300 homes on the old dairy site.")
    b = two("Brenna councillors rejected a plan for 300 homes on the old dairy site on Monday night.")
    assert len(contradictions(across(a, b))) == 1
