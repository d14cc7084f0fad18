"""Every import attempt at the province (accepted or refused): file name, hash, the commune it
claims, the reason code and the time, for the board's "sent, refused" and the clerk's record

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('province_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('reason_code', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('preview', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province_attempt'))
    )
    with op.batch_alter_table('province_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_province_attempt_commune_at', ['commune_code', 'attempted_at'], unique=False)
        batch_op.create_index('ix_province_attempt_sha256', ['file_sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('province_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_province_attempt_sha256')
        batch_op.drop_index('ix_province_attempt_commune_at')
    op.drop_table('province_attempt')
