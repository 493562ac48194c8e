"""The schema version this code writes, and the one figure its triggers are built on. Imports
nothing, so that opening a database at this version needs neither SQLModel nor SQLAlchemy."""

#: Bump it with a migration in `store/db.py`.
SCHEMA_VERSION = 9

#: A review is a mature card's when the card waited this many days or more since its previous
#: answer (Anki's threshold); a young card's when it waited less. The log's tally is split on
#: it by triggers (store.tables.TALLY_TRIGGERS): changing it is a schema change.
MATURE_DAYS = 21
