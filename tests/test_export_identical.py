"""The export's own shortcuts give what genanki gives."""

from __future__ import annotations

import genanki

from flashcards.export.anki import note_guid


def test_note_guids_are_genankis() -> None:
    keys = [("vocabulary", "Talk", f"word{i}") for i in range(3000)]
    keys += [("cloze", "Deck · ünïcode", "key", f"A sentence {i} {{c1::x}} ☃") for i in range(999)]
    keys += [("vocabulary", "", ""), ("cloze", "a" * 500, "b", "")]
    differ = [k for k in keys if note_guid(k) != genanki.guid_for("flashcards", *k)]
    assert differ == []
    assert len({note_guid(k) for k in keys}) == len(keys)
