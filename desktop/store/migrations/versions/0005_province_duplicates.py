"""Province duplicates view at full size: birth date and folded name on province_record (filled at
import, back-filled here), an index on (kind, subject_uid), and the table of CCCDs shared by communes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 12:50:00.000000
"""
import json

import sqlalchemy as sa
from alembic import op

from desktop.shared.text import fold

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# The rows as this revision knows them (not the models, which move on).
record = sa.table('province_record', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                  sa.column('name', sa.String), sa.column('payload', sa.Text),
                  sa.column('birth_date', sa.String), sa.column('name_fold', sa.String))
NAMED_KINDS = ('person', 'collective', 'household')  # the subjects of registrations
CHUNK = 5000


def upgrade() -> None:
    with op.batch_alter_table('province_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birth_date', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('name_fold', sa.String(length=255), server_default='', nullable=False))
        batch_op.create_index('ix_province_record_kind_subject', ['kind', 'subject_uid'], unique=False)

    op.create_table('province_shared_cccd',
    sa.Column('cccd', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('cccd', name=op.f('pk_province_shared_cccd'))
    )
    backfill(op.get_bind())


def backfill(conn: sa.Connection) -> None:
    """Fill the new columns of the records already imported the way import now does (the birth date
    as the person's record carries it, fold() of the name), then list the CCCDs already shared."""
    last = 0
    update = (sa.update(record).where(record.c.id == sa.bindparam('rid'))
              .values(birth_date=sa.bindparam('born'), name_fold=sa.bindparam('folded')))
    while True:
        rows = conn.execute(sa.select(record.c.id, record.c.kind, record.c.name, record.c.payload)
                            .where(record.c.kind.in_(NAMED_KINDS), record.c.id > last)
                            .order_by(record.c.id).limit(CHUNK)).all()
        if not rows:
            break
        last = rows[-1].id
        conn.execute(update, [{'rid': r.id, 'born': _birth_date(r.kind, r.payload),
                               'folded': fold(r.name)[:255]} for r in rows])
    conn.execute(sa.text(
        "INSERT INTO province_shared_cccd (cccd) SELECT cccd FROM province_record "
        "WHERE kind = 'person' AND cccd IS NOT NULL AND cccd <> '' "
        "GROUP BY cccd HAVING min(commune_code) <> max(commune_code)"))
    if last:
        # Statistics for the new index and table: an index the planner knows nothing about looks
        # selective to SQLite and would be chosen over the ones it has figures for (only the
        # province's tables; a commune's file, where province_record is empty, is left as it was).
        conn.execute(sa.text("ANALYZE province_record"))
        conn.execute(sa.text("ANALYZE province_shared_cccd"))


def _birth_date(kind: str, payload: str | None) -> str | None:
    if kind != 'person' or not payload:
        return None
    try:
        doc = json.loads(payload)
    except ValueError:
        return None
    born = doc.get('birth_date') if isinstance(doc, dict) else None
    return born[:10] if isinstance(born, str) and born else None


def downgrade() -> None:
    op.drop_table('province_shared_cccd')
    with op.batch_alter_table('province_record', schema=None) as batch_op:
        batch_op.drop_index('ix_province_record_kind_subject')
        batch_op.drop_column('name_fold')
        batch_op.drop_column('birth_date')
