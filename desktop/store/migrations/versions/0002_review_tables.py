"""Year-end review: award history, council meetings with attendance and ballots, decisions and
proposals with their rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:43:49.082142
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('review_meeting',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=255), nullable=False),
    sa.Column('members_total', sa.Integer(), nullable=False),
    sa.Column('catalog_version', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_meeting'))
    )
    with op.batch_alter_table('review_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_meeting_year'), ['year'], unique=False)

    op.create_table('review_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('council_member_id', sa.Integer(), nullable=False),
    sa.Column('member_name', sa.String(length=100), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('written_vote', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['council_member_id'], ['council_member.id'],
        name=op.f('fk_review_attendance_council_member_id_council_member')),
    sa.ForeignKeyConstraint(['meeting_id'], ['review_meeting.id'],
        name=op.f('fk_review_attendance_meeting_id_review_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_attendance')),
    sa.UniqueConstraint('meeting_id', 'council_member_id', name='uq_review_attendance_member')
    )
    with op.batch_alter_table('review_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_attendance_council_member_id'), ['council_member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_attendance_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('review_decision',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('number_text', sa.String(length=40), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('signer_name', sa.String(length=100), nullable=False),
    sa.Column('signer_title', sa.String(length=150), nullable=False),
    sa.Column('authority_prefix', sa.String(length=10), nullable=False),
    sa.Column('catalog_version', sa.String(length=40), nullable=False),
    sa.Column('base_salary', sa.Integer(), nullable=True),
    sa.Column('base_salary_source', sa.String(length=200), nullable=False),
    sa.Column('total_amount', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('decision', 'proposal')", name=op.f('ck_review_decision_kind')),
    sa.ForeignKeyConstraint(['meeting_id'], ['review_meeting.id'],
        name=op.f('fk_review_decision_meeting_id_review_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decision'))
    )
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decision_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_decision_year'), ['year'], unique=False)

    op.create_table('review_ballot',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('title_code', sa.String(length=32), nullable=False),
    sa.Column('members_total', sa.Integer(), nullable=False),
    sa.Column('yes', sa.Integer(), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('invalid', sa.Integer(), nullable=False),
    sa.Column('threshold_percent', sa.String(length=12), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) '
                       '+ (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END) '
                       '+ (CASE WHEN household_id IS NULL THEN 0 ELSE 1 END) = 1',
        name=op.f('ck_review_ballot_one_subject')),
    sa.CheckConstraint('yes >= 0 AND no >= 0 AND invalid >= 0 AND yes + no + invalid <= members_total',
        name=op.f('ck_review_ballot_counts')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'],
        name=op.f('fk_review_ballot_collective_id_collective')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_review_ballot_household_id_household')),
    sa.ForeignKeyConstraint(['meeting_id'], ['review_meeting.id'],
        name=op.f('fk_review_ballot_meeting_id_review_meeting')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_review_ballot_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_ballot'))
    )
    with op.batch_alter_table('review_ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_ballot_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_ballot_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_ballot_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_ballot_person_id'), ['person_id'], unique=False)

    op.create_table('review_decision_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('title_code', sa.String(length=32), nullable=False),
    sa.Column('subject_name', sa.String(length=255), nullable=False),
    sa.Column('subject_detail', sa.String(length=255), nullable=False),
    sa.Column('bonus_multiple', sa.String(length=12), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) '
                       '+ (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END) '
                       '+ (CASE WHEN household_id IS NULL THEN 0 ELSE 1 END) = 1',
        name=op.f('ck_review_decision_row_one_subject')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'],
        name=op.f('fk_review_decision_row_collective_id_collective')),
    sa.ForeignKeyConstraint(['decision_id'], ['review_decision.id'],
        name=op.f('fk_review_decision_row_decision_id_review_decision')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'],
        name=op.f('fk_review_decision_row_household_id_household')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_review_decision_row_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decision_row'))
    )
    with op.batch_alter_table('review_decision_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decision_row_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_decision_row_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_decision_row_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_decision_row_person_id'), ['person_id'], unique=False)

    op.create_table('award_history',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title_code', sa.String(length=32), nullable=False),
    sa.Column('decision_no', sa.String(length=60), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('achievement_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("source IN ('commune', 'earlier', 'province')", name=op.f('ck_award_history_source')),
    sa.CheckConstraint('(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) '
                       '+ (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END) '
                       '+ (CASE WHEN household_id IS NULL THEN 0 ELSE 1 END) = 1',
        name=op.f('ck_award_history_one_subject')),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievement.id'],
        name=op.f('fk_award_history_achievement_id_achievement')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'],
        name=op.f('fk_award_history_collective_id_collective')),
    sa.ForeignKeyConstraint(['decision_id'], ['review_decision.id'],
        name=op.f('fk_award_history_decision_id_review_decision')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_award_history_household_id_household')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_award_history_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_history'))
    )
    with op.batch_alter_table('award_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_history_achievement_id'), ['achievement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_award_history_title_year', ['title_code', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_year'), ['year'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('award_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_history_year'))
        batch_op.drop_index('ix_award_history_title_year')
        batch_op.drop_index(batch_op.f('ix_award_history_person_id'))
        batch_op.drop_index(batch_op.f('ix_award_history_household_id'))
        batch_op.drop_index(batch_op.f('ix_award_history_decision_id'))
        batch_op.drop_index(batch_op.f('ix_award_history_collective_id'))
        batch_op.drop_index(batch_op.f('ix_award_history_achievement_id'))

    op.drop_table('award_history')
    with op.batch_alter_table('review_decision_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decision_row_person_id'))
        batch_op.drop_index(batch_op.f('ix_review_decision_row_household_id'))
        batch_op.drop_index(batch_op.f('ix_review_decision_row_decision_id'))
        batch_op.drop_index(batch_op.f('ix_review_decision_row_collective_id'))

    op.drop_table('review_decision_row')
    with op.batch_alter_table('review_ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_ballot_person_id'))
        batch_op.drop_index(batch_op.f('ix_review_ballot_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_review_ballot_household_id'))
        batch_op.drop_index(batch_op.f('ix_review_ballot_collective_id'))

    op.drop_table('review_ballot')
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decision_year'))
        batch_op.drop_index(batch_op.f('ix_review_decision_meeting_id'))

    op.drop_table('review_decision')
    with op.batch_alter_table('review_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_attendance_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_review_attendance_council_member_id'))

    op.drop_table('review_attendance')
    with op.batch_alter_table('review_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_meeting_year'))

    op.drop_table('review_meeting')
