"""Setting a card aside (bury, suspend): the same word's other cards wait, rather than coming
straight after it, while another card is available; and one undo takes it all back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flashcards.store import Store

from study_support import MEANING, RECALL, Clock, rows, session


def test_a_buried_cards_siblings_wait(seeded_store: Store, clock: Clock, db_path: Path) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None and (card.note.word, card.kind) == ("agi", MEANING)
    actions = study.set_aside(card, "bury")
    following = study.next_card()
    assert following is not None and following.note.word != "agi"
    assert actions == 3  # the card, then its recall and context cards, which came next
    ids = [c.id for c in seeded_store.note(card.note.id).cards]
    assert all(rows(db_path)[i]["buried_until"] is not None for i in ids)
    for _ in range(actions):
        study.undo()
    assert all(rows(db_path)[i]["buried_until"] is None for i in ids)
    again = study.next_card()
    assert again is not None and again.card_id == card.card_id


def test_a_suspended_cards_siblings_wait(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.set_aside(card, "suspend")
    following = study.next_card()
    assert following is not None and following.note.id != card.note.id
    cards = {c.kind: c for c in seeded_store.note(card.note.id).cards}
    assert cards[MEANING].suspended and not cards[RECALL].suspended  # it waits, not suspended


def test_siblings_are_shown_when_nothing_else_is_left(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study = session(seeded_store, clock)
    first = study.next_card()
    assert first is not None
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE card SET suspended = 1 WHERE note_id != ?", (first.note.id,))
    conn.commit()
    conn.close()
    assert study.set_aside(first, "bury") == 1
    following = study.next_card()
    assert following is not None and following.note.id == first.note.id
    assert following.card_id != first.card_id
