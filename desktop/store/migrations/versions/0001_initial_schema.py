"""Initial schema of the commune workspace (release 0.1).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 10:24:01.300632
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_record', ['table_name', 'record_id'], unique=False)

    op.create_table('collective',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('leader_name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=700), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collective'))
    )
    op.create_table('council_member',
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=150), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('search_key', sa.String(length=400), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_member'))
    )
    op.create_table('indicator',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target_code', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('target_value', sa.String(length=60), nullable=False),
    sa.Column('actual_value', sa.String(length=60), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=400), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_year'), ['year'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('workspace',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('officer_name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_version', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workspace'))
    )
    op.create_table('household',
    sa.Column('head_name', sa.String(length=100), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('members', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=700), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['village_id'], ['collective.id'], name=op.f('fk_household_village_id_collective')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household'))
    )
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.create_index('ix_household_live_list', ['search_key', 'id'],
            unique=False, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_household_village_id'), ['village_id'], unique=False)

    op.create_table('person',
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('sex', sa.String(length=3), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('cccd', sa.String(length=12), nullable=True),
    sa.Column('position', sa.String(length=150), nullable=False),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=400), nullable=False),
    sa.Column('sort_key', sa.String(length=250), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("sex IN ('nam', 'nu')", name=op.f('ck_person_sex')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'], name=op.f('fk_person_collective_id_collective')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_person_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_person_live_list', ['sort_key', 'id', 'search_key'],
            unique=False, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('uq_person_cccd_live', ['cccd'],
            unique=True,
            sqlite_where=sa.text('deleted_at IS NULL AND cccd IS NOT NULL'),
            postgresql_where=sa.text('deleted_at IS NULL AND cccd IS NOT NULL'))

    op.create_table('achievement',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('sub_area_code', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('achieved_on', sa.Date(), nullable=True),
    sa.Column('evidence', sa.String(length=255), nullable=False),
    sa.Column('search_key', sa.String(length=2500), nullable=False),
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
        name=op.f('ck_achievement_one_subject')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'], name=op.f('fk_achievement_collective_id_collective')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_achievement_household_id_household')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_achievement_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_achievement'))
    )
    with op.batch_alter_table('achievement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_achievement_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievement_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievement_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievement_year'), ['year'], unique=False)

    op.create_table('discipline',
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=32), nullable=False),
    sa.Column('decision_no', sa.String(length=60), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=400), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) '
                       '+ (CASE WHEN collective_id IS NULL THEN 0 ELSE 1 END) = 1',
        name=op.f('ck_discipline_one_subject')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'], name=op.f('fk_discipline_collective_id_collective')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_discipline_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discipline'))
    )
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discipline_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discipline_person_id'), ['person_id'], unique=False)

    op.create_table('initiative',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('recognised_by', sa.String(length=255), nullable=False),
    sa.Column('recognised_on', sa.Date(), nullable=True),
    sa.Column('decision_no', sa.String(length=60), nullable=False),
    sa.Column('search_key', sa.String(length=900), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_initiative_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative'))
    )
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_year'), ['year'], unique=False)

    op.create_table('rating',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('rating', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=400), nullable=False),
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
        name=op.f('ck_rating_one_subject')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'], name=op.f('fk_rating_collective_id_collective')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_rating_household_id_household')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_rating_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating'))
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_year'), ['year'], unique=False)

    op.create_table('registration',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title_code', sa.String(length=32), nullable=False),
    sa.Column('pledge', sa.Text(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('search_key', sa.String(length=400), nullable=False),
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
        name=op.f('ck_registration_one_subject')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'],
        name=op.f('fk_registration_collective_id_collective')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_registration_household_id_household')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_registration_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_year'), ['year'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_year'))
        batch_op.drop_index(batch_op.f('ix_registration_person_id'))
        batch_op.drop_index(batch_op.f('ix_registration_household_id'))
        batch_op.drop_index(batch_op.f('ix_registration_collective_id'))

    op.drop_table('registration')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_year'))
        batch_op.drop_index(batch_op.f('ix_rating_person_id'))
        batch_op.drop_index(batch_op.f('ix_rating_household_id'))
        batch_op.drop_index(batch_op.f('ix_rating_collective_id'))

    op.drop_table('rating')
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_year'))
        batch_op.drop_index(batch_op.f('ix_initiative_person_id'))

    op.drop_table('initiative')
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discipline_person_id'))
        batch_op.drop_index(batch_op.f('ix_discipline_collective_id'))

    op.drop_table('discipline')
    with op.batch_alter_table('achievement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_achievement_year'))
        batch_op.drop_index(batch_op.f('ix_achievement_person_id'))
        batch_op.drop_index(batch_op.f('ix_achievement_household_id'))
        batch_op.drop_index(batch_op.f('ix_achievement_collective_id'))

    op.drop_table('achievement')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('uq_person_cccd_live',
            sqlite_where=sa.text('deleted_at IS NULL AND cccd IS NOT NULL'),
            postgresql_where=sa.text('deleted_at IS NULL AND cccd IS NOT NULL'))
        batch_op.drop_index('ix_person_live_list',
            sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_person_household_id'))
        batch_op.drop_index(batch_op.f('ix_person_collective_id'))

    op.drop_table('person')
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_village_id'))
        batch_op.drop_index('ix_household_live_list',
            sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.drop_table('household')
    op.drop_table('workspace')
    op.drop_table('setting')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_year'))

    op.drop_table('indicator')
    op.drop_table('council_member')
    op.drop_table('collective')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_record')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
