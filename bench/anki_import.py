"""Anki's own text import, as a whole process: the baseline of the import figure.

    python bench/anki_import.py ENTRIES.csv COLLECTION.anki2

Creates a fresh collection with a note type like ours (fields Word, IPA, PartOfSpeech,
Definition, Synonyms, Example, Contexts; cards Meaning, Recall and, when there are contexts,
Context), then imports the semicolon-separated file through ``col.import_csv`` with the
metadata Anki itself detects (``col.get_csv_metadata``), mapped onto that note type. Prints
what it imported as JSON.
"""

from __future__ import annotations

import json
import sys

from anki.collection import Collection, ImportCsvRequest
from anki.import_export_pb2 import CsvMetadata

FIELDS = ("Word", "IPA", "PartOfSpeech", "Definition", "Synonyms", "Example", "Contexts")
TEMPLATES = (
    ("Meaning", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Definition}}"),
    ("Recall", "{{Definition}}", "{{FrontSide}}<hr id=answer>{{Word}}"),
    ("Context", "{{#Contexts}}{{Contexts}}{{/Contexts}}", "{{FrontSide}}<hr id=answer>{{Word}}"),
)


def main(csv_path: str, collection_path: str) -> None:
    col = Collection(collection_path)
    models = col.models
    notetype = models.new("ESL Vocabulary")
    for name in FIELDS:
        models.add_field(notetype, models.new_field(name))
    for name, front, back in TEMPLATES:
        template = models.new_template(name)
        template["qfmt"], template["afmt"] = front, back
        models.add_template(notetype, template)
    notetype_id = models.add_dict(notetype).id

    metadata = col.get_csv_metadata(csv_path, CsvMetadata.SEMICOLON)
    metadata.global_notetype.id = notetype_id
    del metadata.global_notetype.field_columns[:]
    metadata.global_notetype.field_columns.extend(range(1, len(FIELDS) + 1))
    metadata.deck_name = "A Synthetic Talk"
    log = col.import_csv(ImportCsvRequest(path=csv_path, metadata=metadata))
    notes, cards = col.note_count(), col.card_count()
    col.close()
    print(json.dumps({"new": len(log.log.new), "notes": notes, "cards": cards}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
