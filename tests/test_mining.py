"""Mining words from text, subtitles and documents: the pure parts, on hand-made files."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.documents.parser import parse_document
from flashcards.errors import DocumentError
from flashcards.mining import mine_source, read_source, source_from_text
from flashcards.mining.pronounce import arpabet_to_ipa, cmudict_pronunciations
from flashcards.mining.service import read_known_file
from flashcards.mining.table import mined_table, visible
from flashcards.mining.words import count_words, lemma_of, rank

from support import FIXTURES, SEED

MINING = FIXTURES / "mining"


def words_of(path: Path, **kwargs: object) -> dict[str, object]:
    return {m.word: m for m in mine_source(read_source(path), top=None, **kwargs)}  # type: ignore[arg-type]


def test_srt_cues_are_joined_into_sentences_without_numbers_or_timestamps() -> None:
    source = read_source(MINING / "interview.srt")
    assert source.kind == "srt"
    assert source.sentences[0] == (
        "So the first thing we did was to replenish the reservoir, which had almost run dry."
    )
    text = " ".join(source.sentences)
    assert "-->" not in text and "00:" not in text
    assert "{" not in text and "<i>" not in text and "[Music]" not in text
    assert "It was a ubiquitous problem in the valley that year." in source.sentences
    found = words_of(MINING / "interview.srt")
    assert found["replenish"].count == 2  # type: ignore[attr-defined]
    assert "ubiquitous" in found


def test_vtt_header_settings_voices_and_inline_timestamps_are_removed() -> None:
    source = read_source(MINING / "lesson.vtt")
    assert source.kind == "vtt"
    assert source.sentences == (
        "Today we talk about resilient cities.",
        "A resilient city can withstand a flood and recover quickly.",
        'Planners call that "robustness" & more.',
    )
    found = words_of(MINING / "lesson.vtt")
    assert {"resilient", "withstand", "robustness"} <= set(found)
    for junk in ("webvtt", "teacher", "align", "yellow", "cue", "kind", "captions", "intro"):
        assert junk not in found


def test_names_and_numbers_are_left_out() -> None:
    found = words_of(MINING / "names.txt")
    assert "interminable" in found and "bookshop" in found
    for name in ("okonkwo", "kinshasa", "reykjavik", "vanderbeek", "marguerite", "lumumba"):
        assert name not in found
    assert not any(any(ch.isdigit() for ch in word) for word in found)


def test_a_capitalised_word_also_seen_in_lower_case_is_not_a_name() -> None:
    stats = count_words(["Perseverance wins.", "We need perseverance.", "Ask Zbigniew now."])
    words = {c.word for c in rank(stats, senses=lambda w: {"noun"})}
    assert "perseverance" in words and "zbigniew" not in words


def test_lemmas_group_inflected_forms() -> None:
    text = (
        "They poached two engineers. The engineers were poaching talent for years. "
        "Every nook and cranny was searched, all the nooks and crannies."
    )
    found = {m.word: m for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    assert found["poach"].forms == ("poached", "poaching")
    assert found["poach"].count == 2
    assert found["poach"].pos == "verb"
    assert set(found["cranny"].forms) == {"cranny", "crannies"}
    assert lemma_of("poached") == ("poach", "VERB")


def test_a_single_form_that_is_a_word_of_its_own_is_kept() -> None:
    found = {
        m.word: m
        for m in mine_source(source_from_text("A very intimidating talk.", "t.txt"), top=None)
    }
    assert "intimidating" in found or "intimidate" in found
    entry = found.get("intimidating") or found["intimidate"]
    assert entry.forms == ("intimidating",)


def test_rarer_words_rank_first_and_top_limits() -> None:
    source = read_source(MINING / "lecture.txt")
    ranked = mine_source(source, top=None)
    assert len(ranked) > 5
    assert [m.word for m in mine_source(source, top=3)] == [m.word for m in ranked[:3]]
    assert ranked[0].zipf < ranked[-1].zipf
    everything = mine_source(source, top=None, max_zipf=4.5)
    fewer = mine_source(source, top=None, max_zipf=3.5)
    assert {m.word for m in fewer} < {m.word for m in everything}
    assert all(m.zipf <= 3.5 for m in fewer)


def test_known_words_are_left_out_by_lemma_and_by_form() -> None:
    source = read_source(MINING / "lecture.txt")
    found = {m.word for m in mine_source(source, top=None)}
    assert {"replenish", "reservoir", "scepticism"} <= found
    fewer = {m.word for m in mine_source(source, top=None, known={"replenished", "Reservoir"})}
    assert "replenish" not in fewer and "reservoir" not in fewer and "scepticism" in fewer


def test_a_vocabulary_document_mines_its_talk_and_knows_its_list() -> None:
    source = read_source(SEED)
    assert source.kind == "document"
    assert source.title == "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    assert {"agi", "niche", "co-design"} <= source.known
    assert source.sentences[0].startswith("I'm thrilled to introduce our next")
    assert not any("Key Vocabularies" in s or "Synonyms:" in s for s in source.sentences)
    found = {m.word for m in mine_source(source, top=None)}
    assert not found & {"agi", "niche", "oligopoly", "vibrant", "poach", "poached"}


def test_contexts_are_the_whole_sentences_that_use_the_word() -> None:
    found = words_of(MINING / "lecture.txt")
    assert found["replenish"].contexts == (  # type: ignore[attr-defined]
        "Everyone agreed that the drought had become a serious problem, and the engineers "
        "proposed an ambitious plan to replenish the reservoir before the summer.",
        "The engineers answered that the pipeline could be built in stages, and that each "
        "stage would replenish the lake a little more.",
    )


def test_definitions_parts_of_speech_and_ipa_come_from_the_offline_data() -> None:
    found = words_of(MINING / "lecture.txt")
    replenish = found["replenish"]
    assert replenish.pos == "verb"  # type: ignore[attr-defined]
    assert replenish.definition and "fill" in replenish.definition  # type: ignore[attr-defined]
    assert replenish.ipa and "ˈ" in replenish.ipa  # type: ignore[attr-defined]
    assert not replenish.ipa.startswith("[")  # type: ignore[attr-defined]


def phones(text: str) -> list[str]:
    return text.split()


def test_arpabet_to_ipa_with_stress_marks() -> None:
    assert arpabet_to_ipa(phones("AA2 L IH0 G AA1 P AH0 L IY0")) == "ˌɑːlɪˈɡɑːpəli"
    assert arpabet_to_ipa(phones("N IY1 SH")) == "niːʃ"  # one syllable: no mark
    assert arpabet_to_ipa(phones("IH2 N T IH1 M AH0 D EY2 T IH0 NG")) == "ˌɪnˈtɪməˌdeɪtɪŋ"
    assert arpabet_to_ipa(phones("R IH0 P L EH1 N IH0 SH")) == "rɪˈplɛnɪʃ"  # onset "pl"
    found = cmudict_pronunciations(["vibrant", "notawordatall"])
    assert found == {"vibrant": "ˈvaɪbrənt"}


def test_the_written_document_parses_back_with_every_context() -> None:
    source = read_source(MINING / "interview.srt")
    words = mine_source(source, top=None)
    from flashcards.mining.service import Mining

    text = Mining(source, words).document()
    document = parse_document(text, "out.txt")
    assert [e.word for e in document.entries] == [m.word for m in words]
    for entry, mined in zip(document.entries, words, strict=True):
        assert entry.contexts == mined.contexts
        assert entry.example == mined.contexts[0]
        assert entry.ipa == mined.ipa
    assert document.title == "Words from interview.srt"
    assert document.tags == ("mined", "srt")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01binary\x00", "NUL"),
        (b"\xff\xfe t\x00e\x00", "UTF-16"),
        (b"caf\xe9 au lait", "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        read_source(path)


def test_missing_file_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_source(tmp_path / "nope.srt")
    with pytest.raises(DocumentError, match="directory"):
        read_source(tmp_path)


def test_subtitles_without_any_text_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n")
    with pytest.raises(DocumentError, match="no text to mine"):
        read_source(path)


def test_known_words_file(tmp_path: Path) -> None:
    path = tmp_path / "known.txt"
    path.write_text("# mine\nReservoir, drought\nreplenish  # learnt it\n", encoding="utf-8")
    assert read_known_file(path) == {"reservoir", "drought", "replenish"}


def test_table_cuts_definitions_and_shows_control_characters() -> None:
    words = mine_source(read_source(MINING / "lecture.txt"), top=5)
    lines = mined_table(words, 50)
    assert lines[0].startswith("word")
    assert len(lines) == 6 and all(len(line) <= 50 for line in lines)
    assert visible("a\x1b[31mb\u200b") == "a\\x1b[31mb\\u200b"


def test_synonyms_are_the_words_sharing_the_definition() -> None:
    found = words_of(MINING / "lecture.txt")
    assert found["replenish"].synonyms == ("refill",)  # type: ignore[attr-defined]
    reluctant = found["reluctant"].synonyms  # type: ignore[attr-defined]
    assert "loath" in reluctant and "loathest" not in reluctant  # no inflected forms
    assert "reluctant" not in reluctant


def test_a_person_is_not_the_sense_taught() -> None:
    from flashcards.mining.lexicon import best_sense

    sense = best_sense("grey", "NOUN")
    assert sense is not None and "writer" not in sense.definition


def test_a_mined_document_gets_its_own_deck_name() -> None:
    from flashcards.mining.service import Mining

    source = read_source(SEED)
    words = mine_source(source, top=3)
    document = parse_document(Mining(source, words).document(), "out.txt")
    assert document.title == f"Words from {source.title}"
    assert len(document.entries) == 3
