"""The schema version this code writes. Imports nothing, so that opening a database at this
version needs neither SQLModel nor SQLAlchemy."""

#: Bump it with a migration in `store/db.py`.
SCHEMA_VERSION = 5
