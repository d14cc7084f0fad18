"""Document register of the reports feature: next number per year and document type

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:44:02.707981
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('doc_register',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('type_code', sa.String(length=8), nullable=False),
    sa.Column('next_number', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'type_code', name=op.f('pk_doc_register'))
    )


def downgrade() -> None:
    op.drop_table('doc_register')
