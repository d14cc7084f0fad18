"""Facts the achievement report form and the minutes need: a person's academic title and degree (học
hàm, học vị) and the duty assigned (nhiệm vụ được giao); a collective's superior body (cơ quan cấp
trên), named in its report's header; a council member's sex (the minutes write Ông / Bà)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 23:55:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('academic_title', sa.String(length=150), server_default='', nullable=False))
        batch_op.add_column(sa.Column('duty', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superior', sa.String(length=255), server_default='', nullable=False))
    with op.batch_alter_table('council_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sex', sa.String(length=3), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('council_member', schema=None) as batch_op:
        batch_op.drop_column('sex')
    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.drop_column('superior')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('duty')
        batch_op.drop_column('academic_title')
