"""Alembic migrations, run by storage.open_store on every open (idempotent).

To add a revision after changing storage/schema.py (autogenerate compares against a migrated database):

    /tmp/venv/bin/python -c "from alembic.config import Config; from alembic import command; \
c = Config(); c.set_main_option('script_location', 'storage/migrations'); \
c.set_main_option('sqlalchemy.url', 'sqlite:///dev.db'); command.upgrade(c, 'head'); \
command.revision(c, 'describe the change', autogenerate=True)"

Keep revisions explicit (no imports from storage.schema) so old revisions never change meaning;
tests/storage/test_store_migrations.py checks that the migrated schema matches storage.schema.
"""
