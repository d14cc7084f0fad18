"""The cultural titles' own procedure (decree 86/2023/NĐ-CP): rounds of review of Gia đình văn hóa per
village or residential group and of Thôn, tổ dân phố văn hóa per commune, and the mark of each
household or village in a round

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('culture_round',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title_code', sa.String(length=10), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('village_name', sa.String(length=255), nullable=False),
    sa.Column('meeting_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=255), nullable=False),
    sa.Column('chair_name', sa.String(length=100), nullable=False),
    sa.Column('secretary_name', sa.String(length=100), nullable=False),
    sa.Column('front_members', sa.Text(), nullable=False),
    sa.Column('attendance', sa.Integer(), nullable=True),
    sa.Column('posted_from', sa.Date(), nullable=True),
    sa.Column('posted_until', sa.Date(), nullable=True),
    sa.Column('complaints', sa.Text(), nullable=False),
    sa.Column('finished_on', sa.Date(), nullable=True),
    sa.Column('file_complete_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decision_no', sa.String(length=60), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('decision_doc_id', sa.Integer(), nullable=True),
    sa.Column('minutes_doc_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("(title_code = 'GDVH') = (village_id IS NOT NULL)", name=op.f('ck_culture_round_village')),
    sa.CheckConstraint("status IN ('open', 'finished', 'decided')", name=op.f('ck_culture_round_status')),
    sa.CheckConstraint("title_code IN ('GDVH', 'THON_VH')", name=op.f('ck_culture_round_title_code')),
    sa.ForeignKeyConstraint(['decision_doc_id'], ['issued_document.id'],
                            name=op.f('fk_culture_round_decision_doc_id_issued_document')),
    sa.ForeignKeyConstraint(['minutes_doc_id'], ['issued_document.id'],
                            name=op.f('fk_culture_round_minutes_doc_id_issued_document')),
    sa.ForeignKeyConstraint(['village_id'], ['collective.id'], name=op.f('fk_culture_round_village_id_collective')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_culture_round'))
    )
    with op.batch_alter_table('culture_round', schema=None) as batch_op:
        batch_op.create_index('ix_culture_round_year_title', ['year', 'title_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_culture_round_village_id'), ['village_id'], unique=False)
    op.create_table('culture_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(CASE WHEN household_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN collective_id IS NULL "
                       "THEN 0 ELSE 1 END) = 1", name=op.f('ck_culture_mark_one_subject')),
    sa.CheckConstraint("result IN ('dat', 'khong_dat', 'chua_xet')", name=op.f('ck_culture_mark_result')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'],
                            name=op.f('fk_culture_mark_collective_id_collective')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_culture_mark_household_id_household')),
    sa.ForeignKeyConstraint(['round_id'], ['culture_round.id'], name=op.f('fk_culture_mark_round_id_culture_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_culture_mark')),
    sa.UniqueConstraint('round_id', 'collective_id', name='uq_culture_mark_collective'),
    sa.UniqueConstraint('round_id', 'household_id', name='uq_culture_mark_household')
    )
    with op.batch_alter_table('culture_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_culture_mark_round_id'), ['round_id'], unique=False)


def downgrade() -> None:
    op.drop_table('culture_mark')
    op.drop_table('culture_round')
