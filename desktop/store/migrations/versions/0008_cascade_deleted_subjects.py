"""Records about a subject already in the recycle bin go there with it: ratings, discipline,
initiatives, registrations and achievements left live by the delete of an earlier release get the
subject's own deleted_at, so restoring the subject brings them back (desktop.core.cascade)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 14:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# subject table -> the record tables (and columns) about it, as desktop.core.cascade.links() reads
# them from the record kinds at this revision; frozen here so the step never changes with later code
DEPENDANTS = {
    "person": (("rating", "person_id"), ("discipline", "person_id"), ("initiative", "person_id"),
               ("registration", "person_id"), ("achievement", "person_id")),
    "household": (("registration", "household_id"), ("achievement", "household_id")),
    "collective": (("rating", "collective_id"), ("discipline", "collective_id"), ("registration", "collective_id"),
                   ("achievement", "collective_id")),
}


def upgrade() -> None:
    conn = op.get_bind()
    tables = set(sa.inspect(conn).get_table_names())
    for subject, dependants in DEPENDANTS.items():
        if subject not in tables:  # the province workspace has none of these
            continue
        for table, column in dependants:
            if table not in tables:
                continue
            conn.execute(sa.text(
                f"UPDATE {table} SET deleted_at = (SELECT s.deleted_at FROM {subject} s WHERE s.id = {table}.{column}) "
                f"WHERE deleted_at IS NULL AND {column} IN (SELECT id FROM {subject} WHERE deleted_at IS NOT NULL)"))


def downgrade() -> None:
    pass  # which records were live before cannot be told apart; they stay in the recycle bin
