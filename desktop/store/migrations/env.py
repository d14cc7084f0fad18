"""Alembic environment: always run from code with a connection handed over by desktop.store.migrate."""

from alembic import context

from desktop.store.models import Base

config = context.config
target_metadata = Base.metadata

connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - maintainers generate revisions through desktop.store.migrate
    raise RuntimeError("Run migrations through desktop.store.migrate, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,          # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
