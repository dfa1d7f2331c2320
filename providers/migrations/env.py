"""Alembic's entry point for the directory: migrate the connection providers/schema.py hands over."""

from alembic import context

from providers.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the directory's migrations through providers.schema (e.g. `python -m providers build`)")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite changes a column by copying its table; batch mode writes that
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
