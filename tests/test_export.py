"""Export to Anki, proven by a real Anki: the package is imported into a headless collection
with the `anki` package, and the notes, fields and rendered cards are read back from it."""

from __future__ import annotations

import html
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from flashcards.domain import Note
from flashcards.errors import ExportError, FlashcardsError
from flashcards.export import ExportReport, default_file_name, export_deck
from flashcards.export import anki as anki_module
from flashcards.export import audio as audio_module
from flashcards.export.fields import (
    anki_tags,
    cloze_text,
    highlighted,
    slug,
    syllables_html,
    text,
)
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.store.sqlite import to_db_time

from support import SEED, SEED_WORDS, T0

DECK = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
ANKI_DECK = f"ESL::{DECK}"
VOCABULARY_FIELDS = [
    "Word",
    "IPA",
    "Syllables",
    "PartOfSpeech",
    "Definition",
    "Synonyms",
    "Example",
    "Contexts",
    "Source",
    "Audio",
]

# A document whose text is full of HTML and cloze syntax, to prove everything is escaped.
HOSTILE = """A short talk about markets, for testing what HTML does to text.

Key Vocabularies and Common Phrases:

1. niche [niːʃ] - (n.) - A <b>small</b> market & a corner of it - Synonyms: (AT&T, <i>segment</i>)

The R&D niche <is> small.

Markets & <Niches>

We found a niche & it was <b>tiny</b> {{c2::x}} in a <niche>.

Markets, R&D, Deep Learning
"""


# -- helpers -------------------------------------------------------------------------------


def visible(rendered: str) -> str:
    """The text a learner sees in a rendered card: no CSS, no tags, entities decoded."""
    body = re.sub(r"<style>.*?</style>", " ", rendered, flags=re.S)
    body = re.sub(r"<(?:/?(?:div|p|ul|li)|br|hr)\b[^>]*>", " ", body)  # blocks: a space
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


def anki_import(col: Collection, package: Path) -> object:
    """Import `package` the way Anki's import dialog does (notes updated only if newer)."""
    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=False),
    )
    return col.import_anki_package(request).log


def vocabulary_note(col: Collection, word: str) -> dict[str, str]:
    (nid,) = col.find_notes(f'"note:ESL Vocabulary" "Word:{word}"')
    return dict(col.get_note(nid).items())


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    yield collection
    collection.close()


@pytest.fixture
def exported(seeded_store: Store, tmp_path: Path) -> tuple[ExportReport, Path]:
    path = tmp_path / "out" / "deck.apkg"
    path.parent.mkdir()
    return export_deck(seeded_store, path, now=T0), path


@pytest.fixture
def imported(exported: tuple[ExportReport, Path], col: Collection) -> Collection:
    anki_import(col, exported[1])
    return col


# -- what Anki gets ------------------------------------------------------------------------


def test_counts_decks_and_note_types(
    seeded_store: Store, exported: tuple[ExportReport, Path], imported: Collection
) -> None:
    report, path = exported
    contexts = sum(len(n.contexts) for n in seeded_store.notes())
    assert contexts == 16  # the seed's talk sentences for its ten words
    assert (report.vocabulary_notes, report.cloze_notes) == (10, contexts)
    assert report.cards == 10 * 2 + contexts
    assert report.decks == (DECK,) and report.path == path and report.warnings == ()
    assert report.summary() == (
        f"wrote {path}: 26 notes (10 words, 16 cloze sentences), 36 cards, 1 deck"
    )

    col = imported
    assert col.note_count() == 10 + contexts
    assert col.card_count() == 10 * 2 + contexts
    assert {d.name for d in col.decks.all_names_and_ids()} >= {"ESL", ANKI_DECK}
    assert len(col.find_cards(f'"deck:{ANKI_DECK}"')) == 36
    vocabulary = col.models.by_name("ESL Vocabulary")
    cloze = col.models.by_name("ESL Cloze")
    assert vocabulary and cloze
    assert vocabulary["id"] == anki_module.VOCABULARY_MODEL_ID
    assert cloze["id"] == anki_module.CLOZE_MODEL_ID
    assert [f["name"] for f in vocabulary["flds"]] == VOCABULARY_FIELDS
    assert [t["name"] for t in vocabulary["tmpls"]] == ["Meaning", "Recall"]
    assert [f["name"] for f in cloze["flds"]] == ["Text", "Extra"]
    assert cloze["type"] == 1  # a cloze note type
    for css in (vocabulary["css"], cloze["css"]):
        assert ".nightMode" in css and ".night_mode" in css and "@media" in css
    assert len(col.find_notes('"note:ESL Vocabulary"')) == 10
    assert len(col.find_notes('"note:ESL Cloze"')) == contexts
    assert len(col.find_cards('"note:ESL Vocabulary" card:Recall')) == 10
    # New cards come in document order: the words first, in the order of the list.
    new_order = sorted(
        col.find_cards('"note:ESL Vocabulary" card:Meaning'), key=lambda c: col.get_card(c).due
    )
    assert [col.get_card(c).note()["Word"] for c in new_order] == SEED_WORDS


def test_every_field_of_a_vocabulary_note(imported: Collection) -> None:
    col = imported
    assert vocabulary_note(col, "intimidating") == {
        "Word": "intimidating",
        "IPA": "ɪnˈtɪmɪˌdeɪtɪŋ",
        "Syllables": "in·<b>tim</b>·i·dat·ing",  # the stressed part, from the IPA
        "PartOfSpeech": "adjective",
        "Definition": "Describing something or someone that makes others feel fearful or anxious.",
        "Synonyms": "daunting, formidable, frightening",
        # the deck file's correction of the document's fragment
        "Example": "Andre's first reaction as we walked up here was, oh, my God. "
        "To his picture, like a very <b>intimidating</b> &#91;picture&#93;.",
        "Contexts": "<div>To his picture, like a very <b>intimidating</b>.</div>",
        "Source": DECK,
        "Audio": "",
    }
    agi = vocabulary_note(col, "agi")
    assert agi["IPA"] == "ˌeɪ.dʒiːˈaɪ"  # from the deck file: the document has a placeholder
    assert agi["Syllables"] == "A·G·<b>I</b>"  # an initialism: its letters, the stressed one
    assert agi["Synonyms"] == "general AI, strong AI, full AI"
    assert agi["Contexts"].count("<div>") == 4
    assert all("<b>agi</b>" in s.lower() for s in agi["Contexts"].split("</div>")[:-1])
    poached = vocabulary_note(col, "poached")
    assert poached["Contexts"] == (
        "<div>He co founded OpenAI back in 2015 and 2017, he was <b>poached</b> by Elon.</div>"
    )
    inspire = vocabulary_note(col, "inspire")
    assert inspire["Contexts"] == ""  # the talk never uses it
    assert "<b>" not in inspire["Example"]  # nor does its example
    codesign = vocabulary_note(col, "co-design")
    assert "the <b>co design</b> of the hardware" in codesign["Example"]
    (nid,) = col.find_notes('"Word:intimidating"')
    assert sorted(col.get_note(nid).tags) == sorted(
        [
            "Artificial_Intelligence",
            "Entrepreneurship",
            "Innovation",
            "Openai",
            "Deep_Learning",
            "Leadership",
            "Sequoia_Capital",
        ]
    )


def test_meaning_and_recall_cards_render(imported: Collection) -> None:
    col = imported
    (nid,) = col.find_notes('"Word:intimidating"')
    meaning, recall = sorted(col.get_note(nid).cards(), key=lambda c: c.ord)

    question = visible(meaning.question())
    for shown in ("intimidating", "/ɪnˈtɪmɪˌdeɪtɪŋ/", "in·tim·i·dat·ing", "adjective"):
        assert shown in question
    assert "fearful" not in question and "daunting" not in question
    assert '<div class="syllables">in·<b>tim</b>·i·dat·ing</div>' in meaning.question()
    answer = visible(meaning.answer())
    assert answer.startswith(question)
    for shown in ("makes others feel fearful", "daunting, formidable", "like a very", DECK):
        assert shown in answer
    assert "like a very <b>intimidating</b>" in meaning.answer()  # the word highlighted

    question = visible(recall.question())
    assert "makes others feel fearful or anxious" in question and "adjective" in question
    assert "intimidating" not in question
    assert "[[type:Word]]" in recall.question()  # Anki's type-in box
    assert "[[type:Word]]" in recall.answer()  # ... and the comparison on the back
    answer = visible(recall.answer())
    assert "intimidating" in answer and "/ɪnˈtɪmɪˌdeɪtɪŋ/" in answer


def test_cloze_cards_hide_the_word_and_show_it_on_the_back(
    seeded_store: Store, imported: Collection
) -> None:
    col = imported
    cards = [col.get_card(c) for c in col.find_cards('"note:ESL Cloze"')]
    assert len(cards) == 16
    by_sentence = {}
    for card in cards:
        assert card.ord == 0  # one cloze, so one card, per sentence
        note = card.note()
        assert note["Text"].count("{{c1::") >= 1 and "{{c2::" not in note["Text"]
        hidden = re.findall(r"\{\{c1::(.*?)\}\}", note["Text"])
        question, answer = visible(card.question()), visible(card.answer())
        assert "[...]" in question
        assert question.count("[...]") == len(hidden)
        for form in hidden:
            assert f'<span class="cloze" data-ordinal="1">{form}</span>' in card.answer()
        word = re.match(r"<b>(.*?)</b>", note["Extra"]).group(1)  # type: ignore[union-attr]
        assert word not in question.lower()
        assert word in answer and "(" in answer  # the word, its part of speech, definition
        by_sentence[re.sub(r"\{\{c1::(.*?)\}\}", r"\1", note["Text"])] = (card, hidden)
    sentence = "He co founded OpenAI back in 2015 and 2017, he was poached by Elon."
    card, hidden = by_sentence[sentence]
    assert hidden == ["poached"]
    assert visible(card.question()) == (
        "He co founded OpenAI back in 2015 and 2017, he was [...] by Elon."
    )
    assert "poached (verb): Illegally hunt or catch" in visible(card.answer())
    # Every context sentence became exactly one cloze note, and nothing else did.
    expected = sorted(s for n in seeded_store.notes() for s in n.contexts)
    assert sorted(by_sentence) == expected


def test_a_second_export_updates_and_adds_nothing(
    seeded_store: Store, imported: Collection, tmp_path: Path
) -> None:
    col = imported
    first_ids = sorted(col.find_notes(""))
    again = export_deck(seeded_store, tmp_path / "again.apkg", now=T0 + timedelta(days=1))
    log = anki_import(col, again.path)
    assert len(log.new) == 0  # type: ignore[attr-defined]
    assert sorted(col.find_notes("")) == first_ids
    assert col.card_count() == 36


def test_an_edited_definition_reaches_anki(
    empty_store: Store, col: Collection, tmp_path: Path
) -> None:
    original = SEED.read_text(encoding="utf-8")
    edited_doc = tmp_path / "talk.txt"
    edited_doc.write_text(original, encoding="utf-8")
    import_file(empty_store, edited_doc, T0)
    first = export_deck(empty_store, tmp_path / "first.apkg", now=T0)
    anki_import(col, first.path)
    (nid,) = col.find_notes('"Word:niche"')
    (meaning_id,) = col.find_cards('"Word:niche" card:Meaning')
    col.sched.set_due_date([meaning_id], "5")  # the learner has studied it in Anki
    before = col.get_card(meaning_id)
    assert before.type == 2  # a review card

    old = "A specialized segment of the market for a particular kind of product or service."
    new = "A small, specialised part of a market."
    assert old in original
    edited_doc.write_text(original.replace(old, new), encoding="utf-8")
    _, report = import_file(empty_store, edited_doc, T0 + timedelta(hours=1))
    assert report.updated == ["niche"]

    # Stamped with the time of the first export, Anki would keep its own (newer-or-equal) copy:
    stale = export_deck(empty_store, tmp_path / "stale.apkg", now=T0)
    assert len(anki_import(col, stale.path).updated) == 0  # type: ignore[attr-defined]
    assert col.get_note(nid)["Definition"] == old
    # Exported at the current time, the edit reaches Anki, in place, history kept:
    later = export_deck(empty_store, tmp_path / "later.apkg", now=T0 + timedelta(hours=2))
    log = anki_import(col, later.path)
    assert len(log.new) == 0  # type: ignore[attr-defined]
    assert col.find_notes('"Word:niche"') == [nid]
    assert col.get_note(nid)["Definition"] == new
    (cloze_nid,) = col.find_notes('"note:ESL Cloze" niche')
    assert new in col.get_note(cloze_nid)["Extra"]
    after = col.get_card(meaning_id)
    assert (after.type, after.due, after.ivl) == (before.type, before.due, before.ivl)
    assert new in visible(after.answer())


def test_html_in_the_text_is_shown_literally(
    empty_store: Store, col: Collection, tmp_path: Path
) -> None:
    doc = tmp_path / "markets.txt"
    doc.write_text(HOSTILE, encoding="utf-8")
    import_file(empty_store, doc, T0)
    (note,) = empty_store.notes()
    empty_store.edit_note(note.id, T0, example="The R&D <b>niche</b> is\nsmall & <i>cosy</i>.")
    with empty_store.writing() as conn:  # a context that lost its word (say, an edited talk)
        conn.execute(
            "INSERT INTO context (note_id, position, sentence) VALUES (?, 1, ?)",
            (note.id, "A <market> with no such word."),
        )
    report = export_deck(empty_store, tmp_path / "markets.apkg", now=T0)
    assert report.warnings == ("niche: 1 context sentence without the word: no cloze made",)
    assert report.cloze_notes == 1
    anki_import(col, report.path)
    fields = vocabulary_note(col, "niche")
    assert fields["Definition"] == "A &lt;b&gt;small&lt;/b&gt; market &amp; a corner of it"
    assert fields["Synonyms"] == "AT&amp;T, &lt;i&gt;segment&lt;/i&gt;"
    assert fields["Example"] == (
        "The R&amp;D &lt;b&gt;<b>niche</b>&lt;/b&gt; is<br>small &amp; &lt;i&gt;cosy&lt;/i&gt;."
    )
    assert fields["Source"] == "Markets &amp; &lt;Niches&gt;"
    assert fields["Contexts"] == (
        "<div>We found a <b>niche</b> &amp; it was &lt;b&gt;tiny&lt;/b&gt; "
        "&#123;&#123;c2::x&#125;&#125; in a "
        "&lt;<b>niche</b>&gt;.</div><div>A &lt;market&gt; with no such word.</div>"
    )
    (nid,) = col.find_notes('"Word:niche"')
    assert sorted(col.get_note(nid).tags) == ["Deep_Learning", "Markets", "R&D"]
    meaning = col.get_note(nid).cards()[0]
    assert "A <b>small</b> market & a corner of it" in visible(meaning.answer())
    assert "AT&T, <i>segment</i>" in visible(meaning.answer())
    assert "it was <b>tiny</b> {{c2::x}} in a <niche>." in visible(meaning.answer())

    (cloze_card,) = [col.get_card(c) for c in col.find_cards('"note:ESL Cloze"')]
    text_field = cloze_card.note()["Text"]
    assert text_field == (
        "We found a {{c1::niche}} &amp; it was &lt;b&gt;tiny&lt;/b&gt; "
        "&#123;&#123;c2::x&#125;&#125; in a &lt;{{c1::niche}}&gt;."
    )
    assert visible(cloze_card.question()) == (
        "We found a [...] & it was <b>tiny</b> {{c2::x}} in a <[...]>."
    )
    assert visible(cloze_card.answer()).startswith(
        "We found a niche & it was <b>tiny</b> {{c2::x}} in a <niche>."
    )
    assert col.card_count() == 3  # meaning, recall, and one cloze: no card from "c2"


def test_field_helpers() -> None:
    assert text("a <b> & c\r\nd\ne") == "a &lt;b&gt; &amp; c<br>d<br>e"
    assert text(None) == ""
    assert highlighted("AT&T's niche<b>!", "niche", "noun") == "AT&amp;T's <b>niche</b>&lt;b&gt;!"
    assert highlighted("no such word", "niche", "noun") == "no such word"
    assert cloze_text("no such word", "niche", "noun") is None  # never a cloze without one
    assert cloze_text("Niches & niche", "niche", "noun") == ("{{c1::Niches}} &amp; {{c1::niche}}")
    assert cloze_text("a \ue000niche\ue001", "niche", "noun") == "a {{c1::niche}}"

    def note(word: str, ipa: str | None, syllables: str) -> Note:
        return Note(1, "d", word, ipa, "noun", "", (), "", (), syllables)

    assert syllables_html(note("co-design", "kɒˈdɪzaɪn", "co-de·sign")) == "co-<b>de</b>·sign"
    # pyphen's oli·gop·oly does not line up with the five vowels of the IPA: no claim.
    assert syllables_html(note("oligopoly", "ˌɒlɪˈɡɒpəli", "oli·gop·oly")) == "oli·gop·oly"
    assert syllables_html(note("vibrant", None, "vi·brant")) == "vi·brant"
    assert syllables_html(note("niche", "niːʃ", "niche")) == ""
    assert anki_tags(["Deep Learning", " Deep  Learning ", "", "AI"]) == ("Deep_Learning", "AI")
    assert slug("Making AI accessible: Karpathy & Zhan!") == "making-ai-accessible-karpathy-zhan"
    assert slug("Café Ünïcode") == "cafe-unicode"
    assert slug("—") == ""
    assert len(slug("word " * 50)) <= 80


def test_guids_are_stable_keys_not_fields() -> None:
    a = anki_module.note_guid(("vocabulary", DECK, "niche"))
    assert a == anki_module.note_guid(("vocabulary", DECK, "niche"))
    assert a != anki_module.note_guid(("vocabulary", "Another deck", "niche"))
    assert a != anki_module.note_guid(("cloze", DECK, "niche", "A niche."))
    assert anki_module.deck_id(ANKI_DECK) == anki_module.deck_id(ANKI_DECK)
    assert 1 << 30 <= anki_module.deck_id(ANKI_DECK) < 1 << 31


def test_every_deck_at_once(empty_store: Store, col: Collection, tmp_path: Path) -> None:
    import_file(empty_store, SEED, T0)
    import_file(empty_store, SEED, T0, deck="Karpathy again")
    assert default_file_name(empty_store.decks()) == "flashcards.apkg"
    assert default_file_name(empty_store.decks()[:1]) == (
        "making-ai-accessible-with-andrej-karpathy-and-stephanie-zhan.apkg"
    )
    report = export_deck(empty_store, tmp_path / "all.apkg", now=T0)
    assert report.decks == (DECK, "Karpathy again")
    assert (report.vocabulary_notes, report.cloze_notes, report.cards) == (20, 32, 72)
    anki_import(col, report.path)
    assert col.note_count() == 52  # same words, other deck: other notes
    assert len(col.find_cards('"deck:ESL::Karpathy again"')) == 36
    only = export_deck(
        empty_store, tmp_path / "one.apkg", empty_store.deck("Karpathy again").id, now=T0
    )
    assert only.decks == ("Karpathy again",) and only.cards == 36


# -- audio ---------------------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_audio_when_requested(seeded_store: Store, col: Collection, tmp_path: Path) -> None:
    report = export_deck(seeded_store, tmp_path / "audio.apkg", now=T0, audio=True)
    assert report.audio_files == 10 and report.warnings == ()
    assert report.summary().endswith(", 10 audio files")
    anki_import(col, report.path)
    media = Path(col.media.dir())
    names = set()
    for word in SEED_WORDS:
        sound = vocabulary_note(col, word)["Audio"]
        match = re.fullmatch(r"\[sound:(flashcards-[a-z0-9-]+-[0-9a-f]{10}\.wav)\]", sound)
        assert match, sound
        names.add(match.group(1))
        data = (media / match.group(1)).read_bytes()
        assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) > 1000
    assert len(names) == 10  # one file per word
    (nid,) = col.find_notes('"Word:niche"')
    meaning, recall = sorted(col.get_note(nid).cards(), key=lambda c: c.ord)
    assert "[anki:play:q:0]" in meaning.question()  # Anki plays it with the word
    assert "[anki:play:a:" in recall.answer()  # and after the learner typed it
    assert "[anki:play" not in recall.question()  # never before: it would give it away
    # The same words give the same file names: a second export adds no media to Anki.
    again = export_deck(
        seeded_store, tmp_path / "again.apkg", now=T0 + timedelta(hours=1), audio=True
    )
    anki_import(col, again.path)
    assert len(os.listdir(media)) == 10


def test_audio_without_espeak_is_a_warning(
    seeded_store: Store, col: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio_module.shutil, "which", lambda _name: None)
    report = export_deck(seeded_store, tmp_path / "quiet.apkg", now=T0, audio=True)
    assert report.audio_files == 0 and report.cards == 36
    assert report.warnings == (
        "espeak-ng is not installed: exported without audio "
        "(install espeak-ng to add pronunciations)",
    )
    anki_import(col, report.path)
    assert vocabulary_note(col, "niche")["Audio"] == ""


def test_a_word_espeak_cannot_say_is_left_without_audio(
    seeded_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "espeak-ng"
    fake.write_text(
        "#!/bin/sh\n"
        'word=$(cat); out=""\n'
        'while [ $# -gt 0 ]; do [ "$1" = -w ] && out=$2; shift; done\n'
        'if [ "$word" = niche ]; then echo "no voice for that" >&2; exit 3; fi\n'
        'printf RIFF0000WAVE > "$out"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setattr(audio_module, "espeak", lambda: str(fake))
    report = export_deck(seeded_store, tmp_path / "some.apkg", now=T0, audio=True)
    assert report.audio_files == 9
    assert report.warnings == ("niche: no audio (espeak-ng: no voice for that)",)
    with zipfile.ZipFile(report.path) as z:
        assert len(z.namelist()) == 2 + 9


# -- safety --------------------------------------------------------------------------------


def test_no_temporary_file_is_left_behind(
    seeded_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    target_dir = tmp_path / "target"
    target_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    # A control: genanki's own write_to_file leaves its SQLite file in the temp directory.
    import genanki

    deck = genanki.Deck(1 << 30, "control")
    genanki.Package(deck).write_to_file(str(tmp_path / "control.apkg"))
    assert len(os.listdir(scratch)) == 1
    for leftover in scratch.iterdir():
        leftover.unlink()

    export_deck(seeded_store, target_dir / "deck.apkg", now=T0, audio=True)
    export_deck(seeded_store, target_dir / "deck.apkg", now=T0 + timedelta(minutes=1))
    assert os.listdir(scratch) == []
    assert os.listdir(target_dir) == ["deck.apkg"]
    with zipfile.ZipFile(target_dir / "deck.apkg") as z:
        assert z.testzip() is None
        assert {"collection.anki2", "media"} <= set(z.namelist())


def test_the_package_gets_ordinary_permissions(seeded_store: Store, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        report = export_deck(seeded_store, tmp_path / "deck.apkg", now=T0)
    finally:
        os.umask(old)
    assert report.path.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_the_old_file(
    seeded_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "deck.apkg"
    target.parent.mkdir()
    with zipfile.ZipFile(target, "w") as old:  # an Anki package, so it may be replaced
        old.writestr("collection.anki2", b"the old collection")
    before = target.read_bytes()

    def broken(decks, media, out, timestamp, workdir, crt=None, reserved=()):  # type: ignore[no-untyped-def]
        out.write(b"half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(anki_module, "write_package", broken)
    with pytest.raises(ExportError, match=r"deck\.apkg: cannot write \(No space left on device\)"):
        export_deck(seeded_store, target, now=T0)
    assert os.listdir(target.parent) == ["deck.apkg"]
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/deck.apkg", "missing: no such directory"),
        ("a-file/deck.apkg", "a-file: not a directory"),
        ("a-dir", "a-dir: is a directory"),
    ],
)
def test_a_path_that_cannot_be_written(
    seeded_store: Store, tmp_path: Path, where: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-dir").mkdir()
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(ExportError, match=re.escape(message)):
        export_deck(seeded_store, tmp_path / where, now=T0)
    assert sorted(os.listdir(tmp_path)) == before
    assert os.listdir(tmp_path / "a-dir") == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory(seeded_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    try:
        with pytest.raises(ExportError, match=r"deck\.apkg: cannot write \(Permission denied\)"):
            export_deck(seeded_store, folder / "deck.apkg", now=T0)
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


def test_nothing_to_export(empty_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "deck.apkg"
    with pytest.raises(ExportError, match="there are no decks yet"):
        export_deck(empty_store, target, now=T0)
    with empty_store.writing() as conn:
        conn.execute(
            "INSERT INTO deck (name, tags, new_per_day, reviews_per_day, desired_retention,"
            " created_at) VALUES ('Empty', '[]', 20, 200, 0.9, ?)",
            (to_db_time(T0),),
        )
    empty_id = empty_store.deck("Empty").id
    with pytest.raises(ExportError, match="deck 'Empty' has no notes: nothing to export"):
        export_deck(empty_store, target, empty_id, now=T0)
    with pytest.raises(ExportError, match="no deck with id 999"):
        export_deck(empty_store, target, 999, now=T0)
    assert not target.exists()
    # Among other decks, an empty one is left out, with a word about it.
    import_file(empty_store, SEED, T0)
    report = export_deck(empty_store, target, now=T0)
    assert report.decks == (DECK,)
    assert report.warnings == ("deck 'Empty' has no notes: left out",)
    assert issubclass(ExportError, FlashcardsError)


def test_collection_file_is_a_real_anki_collection(exported: tuple[ExportReport, Path]) -> None:
    _, path = exported
    with zipfile.ZipFile(path) as z:
        raw = z.read("collection.anki2")
    db = path.parent / "peek.anki2"
    db.write_bytes(raw)
    conn = sqlite3.connect(db)
    try:
        mods = {m for (m,) in conn.execute("SELECT mod FROM notes")}
    finally:
        conn.close()
        db.unlink()
    assert mods == {int(T0.timestamp())}  # the export's time, which Anki compares
