"""The bundled story: byte-identical seeds, the manifest, pinned segmentation and flags."""

from __future__ import annotations

import json

from conftest import DATA, ROOT, SEEDS

from reader.articles import Article
from reader.articles import clutter as c

SHARED = ROOT.parent / "shared" / "seeds"


def by_name(articles: list[Article], prefix: str) -> Article:
    return next(a for a in articles if a.source.name.startswith(prefix))


def test_seeds_are_the_originals_byte_for_byte() -> None:
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(names) == 5
    if SHARED.is_dir():  # the originals sit beside a checkout; the copies must not drift
        for name in names:
            assert (SEEDS / name).read_bytes() == (SHARED / name).read_bytes()


def test_manifest_names_every_outlet(seed_articles: list[Article]) -> None:
    assert [a.outlet for a in seed_articles] == [
        "Kyiv Independent",
        "News summary site",
        "AFP",
        "Al Jazeera",
        "CABAR",
    ]
    assert by_name(seed_articles, "002").date == "2023-10-12"


def test_segmentation_and_flags_are_pinned(seed_articles: list[Article]) -> None:
    """Hand-checked: every sentence's text, clutter reason and heading flag."""
    pinned = json.loads((DATA / "seed_segmentation.json").read_text(encoding="utf-8"))
    for article in seed_articles:
        got = [[s.text, s.clutter, s.heading] for s in article.sentences]
        assert got == pinned[article.source.name], article.source.name


def test_offsets_slice_the_text_exactly(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        previous_end = 0
        for i, s in enumerate(article.sentences):
            assert s.index == i
            assert article.text[s.start : s.end] == s.text
            assert s.start >= previous_end
            previous_end = s.end


def test_hard_wrapped_dates_stay_inside_one_sentence(seed_articles: list[Article]) -> None:
    kyiv = by_name(seed_articles, "000")
    texts = [s.text for s in kyiv.sentences]
    assert any("on Oct.\n12 and met with Kyrgyz President" in t for t in texts)
    assert any("on Oct.\n1, 2023, and has been republished" in t for t in texts)


def test_bullets_are_their_own_sentences_without_the_marker(seed_articles: list[Article]) -> None:
    summary = by_name(seed_articles, "001")
    bullets = [s.text for s in summary.sentences if s.text.startswith("Putin highlighted")]
    assert bullets == [
        "Putin highlighted the impressive double-digit growth in Russian-Kyrgyz trade, "
        "a trend raising suspicions in the West."
    ]
    assert not any(s.text.startswith("•") for s in summary.sentences)


def test_sub_headings_are_headings_not_sentences_of_the_next_paragraph(
    seed_articles: list[Article],
) -> None:
    summary = by_name(seed_articles, "001")
    heading = next(s for s in summary.sentences if s.text.startswith("Focus on Economic"))
    assert heading.heading and heading.clutter is None
    assert heading.text == "Focus on Economic Cooperation: Expanding Russian-Kyrgyz Trade"


def test_wire_copy_stray_full_stops_do_not_split(seed_articles: list[Article]) -> None:
    afp = by_name(seed_articles, "002")
    assert any(
        "first trip to Kyrgyzstan. abroad since the arrest warrant was issued. against him"
        in s.text
        for s in afp.sentences
    )


def test_every_kind_of_clutter_in_the_seeds_is_flagged(seed_articles: list[Article]) -> None:
    def reason(prefix: str, start: str) -> str | None:
        article = by_name(seed_articles, prefix)
        return next(s.clutter for s in article.sentences if s.text.startswith(start))

    assert reason("001", "Home") == c.BREADCRUMB
    assert reason("002", "Spread the love") == c.SHARE
    assert reason("002", "All rights of reproduction") == c.COPYRIGHT
    assert reason("004", "© CABAR") == c.COPYRIGHT
    assert reason("004", "Please make active links") == c.COPYRIGHT
    assert reason("004", "Photo: president.kg") == c.CREDIT
    assert reason("004", "Bakyt Baketaev.") == c.CREDIT
    assert reason("003", "Russian President Vladimir Putin has rarely travelled") == c.CREDIT
    assert reason("003", "Russia's President Vladimir Putin shakes hands") == c.CAPTION
    assert reason("001", "Escalation in Nagorno-Karabakh") == c.IMAGE
    assert reason("000", "Nate Ostiller is a News Editor.") == c.BIO
    assert reason("000", "Originally from the USA") == c.BIO
    assert reason("002", "By Teilor Stone") == c.BIO
    assert reason("002", "To get in touch") == c.BIO
    assert reason("000", "Opinion: Weakness is lethal.") == c.TEASER
    assert reason("000", "Russian President V...") == c.TEASER
    assert reason("000", "Temur Umarov: Why did") == c.TEASER
    assert reason("004", "If you have found a spelling error") == c.NOTICE
    assert reason("002", "Putin in Kyrgyzstan, first trip abroad") == c.REPEATED_TITLE


def test_body_text_is_not_flagged(seed_articles: list[Article]) -> None:
    """The article body stays: no body paragraph of the seeds is taken for clutter."""
    afp = by_name(seed_articles, "002")
    last_body = next(s for s in afp.sentences if s.text.startswith("Mr. Putin thus kicked off"))
    assert last_body.clutter is None
    kyiv = by_name(seed_articles, "000")
    assert all(
        s.clutter is None
        for s in kyiv.sentences
        if s.text.startswith(("This is the first", "In addition"))
    )


def test_titles_come_from_the_first_body_line_without_a_manifest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reader.articles import load_story

    for name in ("001_f407ff9b8365c271.txt", "004_f5343ee90eff1e2f.txt"):
        (tmp_path / name).write_bytes((SEEDS / name).read_bytes())
    story = load_story([tmp_path])
    assert [a.title for a in story.articles] == [
        "Putin in Kyrgystan for first trip abroad since ICC arrest warrant",
        "Putin’s Visit to Kyrgyzstan: Elusive Area of Influence",
    ]
    assert story.articles[1].outlet == "CABAR"  # from its copyright line
