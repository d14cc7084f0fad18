"""Key trust at the province: which key an enrolled key replaced, the one-time resume token its first
file must carry, and why a key was revoked

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('province_key', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaces_key_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('resume_nonce', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('resume_required', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('revoke_reason', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('province_key', schema=None) as batch_op:
        batch_op.drop_column('revoke_reason')
        batch_op.drop_column('resume_required')
        batch_op.drop_column('resume_nonce')
        batch_op.drop_column('replaces_key_id')
