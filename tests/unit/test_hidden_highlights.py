"""A highlight is never hidden: a renamed article file, an edited story title or a
moved story still shows it, one that cannot be shown is listed, and two stories
in folders of the same name keep their own highlights."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEEDS

from reader.articles import load_story
from reader.highlights.session import Session
from reader.highlights.store import HighlightStore

FILES = sorted(p.name for p in SEEDS.glob("*.txt"))[:2]


def story_folder(parent: Path, title: str | None = "A story") -> Path:
    folder = parent / "kyrgyzstan"
    folder.mkdir(parents=True)
    for name in FILES:
        shutil.copy(SEEDS / name, folder / name)
    if title is not None:
        (folder / "story.toml").write_text(f'title = "{title}"\n', encoding="utf-8")
    return folder


def store(state: Path) -> HighlightStore:
    opened = HighlightStore.open(state)
    assert opened.store is not None, opened.messages
    return opened.store


def session(state: Path, folder: Path) -> Session:
    story = load_story([folder])
    return Session(store(state), story.name, story.articles)


def highlight_five(s: Session, article: int = 0) -> set[str]:
    sentences = [x for x in s.articles[article].body if len(x.text) > 40][:5]
    return {s.add_span(article, x.start, x.end).id for x in sentences}


def shown(s: Session) -> set[str]:
    return {p.highlight.id for p in s.placed if not p.placement.orphan}


def test_renaming_an_article_file_keeps_its_highlights_shown(tmp_path: Path) -> None:
    folder = story_folder(tmp_path / "stories")
    made = highlight_five(session(tmp_path / "state", folder))
    (folder / FILES[0]).rename(folder / "renamed.txt")
    again = session(tmp_path / "state", folder)
    assert shown(again) == made
    assert all(again.articles[p.article].source.name == "renamed.txt" for p in again.placed)
    assert any("found by their article's text" in m for m in again.messages)


def test_a_renamed_and_edited_article_keeps_its_highlights_by_their_quotes(
    tmp_path: Path,
) -> None:
    folder = story_folder(tmp_path / "stories")
    made = highlight_five(session(tmp_path / "state", folder))
    text = (folder / FILES[0]).read_text(encoding="utf-8")
    (folder / FILES[0]).unlink()
    (folder / "renamed.txt").write_text("An editor's note on top.\n" + text, encoding="utf-8")
    assert shown(session(tmp_path / "state", folder)) == made


def test_editing_the_story_title_keeps_every_highlight(tmp_path: Path) -> None:
    folder = story_folder(tmp_path / "stories", title="Putin visits Kyrgyzstan")
    made = highlight_five(session(tmp_path / "state", folder))
    (folder / "story.toml").write_text('title = "Putin in Bishkek"\n', encoding="utf-8")
    again = session(tmp_path / "state", folder)
    assert again.story == "Putin in Bishkek"
    assert shown(again) == made


def test_two_stories_in_folders_of_the_same_name_keep_their_own_highlights(
    tmp_path: Path,
) -> None:
    first = story_folder(tmp_path / "one", title=None)
    second = story_folder(tmp_path / "two", title=None)
    made = highlight_five(session(tmp_path / "state", first))
    other = session(tmp_path / "state", second)
    assert load_story([first]).name == load_story([second]).name
    assert shown(other) == set()
    assert other.strays == []
    assert shown(session(tmp_path / "state", first)) == made


def test_a_moved_story_keeps_its_highlights(tmp_path: Path) -> None:
    folder = story_folder(tmp_path / "stories", title=None)
    made = highlight_five(session(tmp_path / "state", folder))
    moved = tmp_path / "elsewhere" / "kyrgyzstan"
    moved.parent.mkdir()
    folder.rename(moved)
    assert shown(session(tmp_path / "state", moved)) == made


def test_a_highlight_whose_article_is_gone_is_listed_not_hidden(tmp_path: Path) -> None:
    folder = story_folder(tmp_path / "stories")
    made = highlight_five(session(tmp_path / "state", folder))
    (folder / FILES[0]).unlink()
    again = session(tmp_path / "state", folder)
    assert shown(again) == set()
    assert {s.highlight.id for s in again.strays} == made
    assert all(FILES[0] in s.why for s in again.strays)
    assert sum("kept but not shown" in m for m in again.messages) == len(made)


def test_highlights_found_again_are_filed_under_the_story_and_file_they_are_on(
    tmp_path: Path,
) -> None:
    """A retitled story and a renamed file: the highlights found again are stored
    under the new names, so `export --story NEW` has them."""
    folder = story_folder(tmp_path / "stories", title="Putin visits Kyrgyzstan")
    made = highlight_five(session(tmp_path / "state", folder))
    (folder / "story.toml").write_text('title = "Putin in Bishkek"\n', encoding="utf-8")
    (folder / FILES[0]).rename(folder / f"renamed-{FILES[0]}")
    again = session(tmp_path / "state", folder)
    assert shown(again) == made
    assert again.store is not None
    filed = again.store.highlights("Putin in Bishkek")
    assert {h.id for h in filed} == made
    assert {h.article for h in filed} == {f"renamed-{FILES[0]}"}
    assert again.store.highlights("Putin visits Kyrgyzstan") == []
    third = session(tmp_path / "state", folder)  # nothing left to re-home: no message
    assert shown(third) == made and third.messages == []
