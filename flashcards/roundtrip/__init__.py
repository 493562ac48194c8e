"""The Anki round trip: our schedules and review log carried into Anki packages and Anki
collections, and what was done in Anki brought back and merged into one history."""
