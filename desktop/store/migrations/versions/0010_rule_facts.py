"""Facts the rules and procedures need: a person's hiring date, home town, residence and
qualification; a collective dissolved or merged in the reorganisation; the chair and secretary of a
council meeting; why an award is given (year-end, theme, ad hoc); the achievements a decision row
rewards; the commune's plan launching the year's movement

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:40:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hired_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('home_town', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('residence', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(sa.Column('qualification', sa.String(length=150), server_default='', nullable=False))
    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='active', nullable=False))
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_collective_merged_into_id_collective'), 'collective',
                                    ['merged_into_id'], ['id'])
    with op.batch_alter_table('review_meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chair_member_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('secretary_member_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_review_meeting_chair_member_id_council_member'),
                                    'council_member', ['chair_member_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_review_meeting_secretary_member_id_council_member'),
                                    'council_member', ['secretary_member_id'], ['id'])
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('occasion', sa.String(length=10), server_default='tong_ket', nullable=False))
        batch_op.add_column(sa.Column('theme', sa.Text(), server_default='', nullable=False))
    op.create_table('review_row_achievement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievement.id'],
                            name=op.f('fk_review_row_achievement_achievement_id_achievement')),
    sa.ForeignKeyConstraint(['row_id'], ['review_decision_row.id'],
                            name=op.f('fk_review_row_achievement_row_id_review_decision_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_row_achievement')),
    sa.UniqueConstraint('row_id', 'achievement_id', name='uq_review_row_achievement')
    )
    with op.batch_alter_table('review_row_achievement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_row_achievement_row_id'), ['row_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_row_achievement_achievement_id'), ['achievement_id'],
                              unique=False)
    op.create_table('emulation_plan',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('launched_on', sa.Date(), nullable=False),
    sa.Column('registration_deadline', sa.Date(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emulation_plan'))
    )
    with op.batch_alter_table('emulation_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emulation_plan_year'), ['year'], unique=False)


def downgrade() -> None:
    op.drop_table('emulation_plan')
    op.drop_table('review_row_achievement')
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.drop_column('theme')
        batch_op.drop_column('occasion')
    with op.batch_alter_table('review_meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_meeting_secretary_member_id_council_member'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_review_meeting_chair_member_id_council_member'), type_='foreignkey')
        batch_op.drop_column('secretary_member_id')
        batch_op.drop_column('chair_member_id')
    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_collective_merged_into_id_collective'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('ended_on')
        batch_op.drop_column('status')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('qualification')
        batch_op.drop_column('residence')
        batch_op.drop_column('home_town')
        batch_op.drop_column('hired_on')
