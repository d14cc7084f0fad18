"""Contacts: the commune officer's phone and e-mail in the workspace (sent with the enrolment request
and each data file), and the province's latest contact per commune (the chase list)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 01:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('officer_phone', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('officer_email', sa.String(length=254), server_default='', nullable=False))
    op.create_table('province_contact',
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('commune_code', name=op.f('pk_province_contact'))
    )
    # a province that enrolled communes before: their officers' names as enrolled (no phone, no e-mail)
    op.execute("INSERT INTO province_contact (commune_code, name, phone, email, source, sequence, updated_at) "
               "SELECT k.commune_code, k.officer, '', '', 'enrolment', NULL, k.enrolled_at FROM province_key k "
               "WHERE k.id = (SELECT MAX(k2.id) FROM province_key k2 WHERE k2.commune_code = k.commune_code) "
               "AND k.officer <> ''")


def downgrade() -> None:
    op.drop_table('province_contact')
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.drop_column('officer_email')
        batch_op.drop_column('officer_phone')
