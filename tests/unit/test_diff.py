"""Word differences inside a match, and disagreements on numbers and dates."""

from __future__ import annotations

from reader.matching.diff import quantity, word_diff


def changed(text: str, spans: tuple[object, ...]) -> list[str]:
    return [text[s.start : s.end] for s in spans]  # type: ignore[attr-defined]


def test_number_against_vague_quantity_disagrees() -> None:
    a = "In July, the United States imposed sanctions on four Kyrgyz companies."
    b = "In July 2023, a number of Kyrgyz companies were sanctioned."
    diff = word_diff(a, b)
    assert diff.disagrees
    assert any("four" in left and "a number of" in right for left, right in diff.conflicts)


def test_superlative_against_ordinal_disagrees() -> None:
    a = "Putin noted that Russia is the largest investor in the Kyrgyz economy."
    b = "Russia is the second after China investor in the economy of Kyrgyzstan."
    diff = word_diff(a, b)
    assert diff.conflicts and diff.conflicts[0][0] == "largest"
    assert "second" in diff.conflicts[0][1]


def test_synonymous_superlatives_and_rewording_do_not_disagree() -> None:
    a = "Putin reiterated Russia’s importance as Kyrgyzstan’s biggest investor."
    b = "Putin emphasized Russia’s significance as Kyrgyzstan’s largest investor."
    diff = word_diff(a, b)
    assert not diff.disagrees
    assert changed(a, diff.left) == ["reiterated", "importance", "biggest"]
    assert changed(b, diff.right) == ["emphasized", "significance", "largest"]


def test_inflections_are_not_differences() -> None:
    diff = word_diff("Sanctions were imposed on companies.", "A sanction was imposed on a company.")
    assert changed("Sanctions were imposed on companies.", diff.left) == ["were"]


def test_omitted_number_is_not_a_disagreement() -> None:
    assert not word_diff("In July 2023 it happened.", "In July it happened.").disagrees
    assert word_diff("It happened on Thursday.", "It happened on Friday.").disagrees


def test_quantities() -> None:
    assert quantity("four") == quantity("4") == "4"
    assert quantity("20th") == "20"
    assert quantity("biggest") == quantity("largest")
    assert quantity("Putin") is None


def test_equivalent_dates_do_not_disagree() -> None:
    assert not word_diff("families of Sept. 11 victims", "families of 9/11 victims").disagrees
    assert not word_diff("victims of the 2001 attacks", "victims of 9/11").disagrees
    assert not word_diff("Last September it began.", "In Sept. it began.").disagrees
    assert not word_diff("Today's ruling stands.", "Thursday's ruling stands.").disagrees


def test_different_years_disagree() -> None:
    assert word_diff("She has led since 2002.", "She has led since 2003.").conflicts == (
        ("2002", "2003"),
    )
    assert word_diff("The deal ends in 2019.", "The deal ends in 2018.").disagrees


def test_whole_numbers_are_compared_whole() -> None:
    diff = word_diff("He sent 5,200 troops.", "He sent 5,000 troops.")
    assert diff.conflicts == (("5,200", "5,000"),)
    assert not word_diff("It cost $43,350.", "It cost $43,350 in all.").disagrees


def test_a_different_person_in_the_same_place_disagrees() -> None:
    diff = word_diff("Rep. Loretta Sanchez won the vote.", "Rep. Linda Sanchez won the vote.")
    assert diff.conflicts == (("Loretta", "Linda"),)
    assert not word_diff("President Vincente Fox spoke.", "President Vicente Fox spoke.").disagrees
    assert not word_diff("Mr. Obama spoke.", "President Obama spoke.").disagrees
    assert not word_diff(
        "Trump Jr. Messaged WikiLeaks", "Trump Jr. Communicated WikiLeaks"
    ).disagrees


def test_a_quantity_of_another_event_is_not_a_disagreement() -> None:
    a = "The director had to apologize Saturday for a post about the daughters."
    b = "A young aide resigned Monday after her post about the daughters."
    assert not word_diff(a, b).disagrees
