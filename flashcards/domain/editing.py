"""The text fields of a note: what a document's entry gives and what the learner may edit
(a re-import keeps the learner's edits of these)."""

#: In the order a note shows them.
EDITABLE_FIELDS = ("word", "ipa", "pos", "definition", "synonyms", "example", "syllables")
