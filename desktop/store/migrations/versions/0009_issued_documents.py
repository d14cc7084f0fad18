"""Issued documents as records (number taken at issue, content frozen with its SHA-256, a change made
by a new document naming the one it replaces); show-of-hands votes kept apart from secret ballots;
the province's outcome on each proposal row, the statements it sends back and the commune's record
of those it applied

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 18:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _issued_document() -> None:
    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('issue_year', sa.Integer(), nullable=False),
    sa.Column('type_code', sa.String(length=8), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('number_text', sa.String(length=60), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('signer_name', sa.String(length=100), nullable=False),
    sa.Column('signer_title', sa.String(length=150), nullable=False),
    sa.Column('authority_prefix', sa.String(length=10), nullable=False),
    sa.Column('legal_bases', sa.Text(), nullable=False),
    sa.Column('rows', sa.Text(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('total_amount', sa.Integer(), nullable=False),
    sa.Column('catalog_version', sa.String(length=40), nullable=False),
    sa.Column('base_salary', sa.Integer(), nullable=True),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('change_kind', sa.String(length=12), nullable=False),
    sa.Column('change_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("change_kind IN ('', 'dinh_chinh', 'thay_the', 'bai_bo')",
                       name=op.f('ck_issued_document_change_kind')),
    sa.ForeignKeyConstraint(['replaces_id'], ['issued_document.id'],
                            name=op.f('fk_issued_document_replaces_id_issued_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document'))
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_replaces_id'), ['replaces_id'], unique=False)
        batch_op.create_index('ix_issued_document_source', ['source_kind', 'source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_year'), ['year'], unique=False)
        batch_op.create_index('uq_issued_document_number', ['issue_year', 'type_code', 'number'], unique=True,
                              sqlite_where=sa.text('number IS NOT NULL'),
                              postgresql_where=sa.text('number IS NOT NULL'))


def _province_tables() -> None:
    op.create_table('province_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('row_uid', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decision_number', sa.String(length=60), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("status IN ('accepted', 'returned')", name=op.f('ck_province_outcome_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province_outcome')),
    sa.UniqueConstraint('commune_code', 'row_uid', name='uq_province_outcome_row')
    )
    with op.batch_alter_table('province_outcome', schema=None) as batch_op:
        batch_op.create_index('ix_province_outcome_commune_year', ['commune_code', 'year'], unique=False)
    op.create_table('province_statement_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('made_at', sa.String(length=20), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province_statement_log'))
    )
    op.create_table('received_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('made_at', sa.String(length=20), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_received_statement')),
    sa.UniqueConstraint('file_sha256', name=op.f('uq_received_statement_file_sha256'))
    )


def _review_columns() -> None:
    with op.batch_alter_table('award_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_row_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_award_history_proposal_row_id'), ['proposal_row_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_award_history_proposal_row_id_review_decision_row'),
                                    'review_decision_row', ['proposal_row_id'], ['id'])
    with op.batch_alter_table('review_ballot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method', sa.String(length=8), server_default='secret', nullable=False))
        batch_op.create_check_constraint('method', "method IN ('secret', 'hands')")
    with op.batch_alter_table('review_decision_row', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('outcome_decision_no', sa.String(length=60), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('outcome_decision_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('outcome_reason', sa.Text(), server_default='', nullable=False))


def upgrade() -> None:
    _issued_document()
    _province_tables()
    _review_columns()


def downgrade() -> None:
    with op.batch_alter_table('review_decision_row', schema=None) as batch_op:
        batch_op.drop_column('outcome_reason')
        batch_op.drop_column('outcome_decision_date')
        batch_op.drop_column('outcome_decision_no')
        batch_op.drop_column('outcome')
    with op.batch_alter_table('review_ballot', schema=None) as batch_op:
        batch_op.drop_constraint('method', type_='check')
        batch_op.drop_column('method')
    with op.batch_alter_table('award_history', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_award_history_proposal_row_id_review_decision_row'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_award_history_proposal_row_id'))
        batch_op.drop_column('proposal_row_id')
    op.drop_table('received_statement')
    op.drop_table('province_statement_log')
    with op.batch_alter_table('province_outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_province_outcome_commune_year')
    op.drop_table('province_outcome')
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index('uq_issued_document_number')
        batch_op.drop_index(batch_op.f('ix_issued_document_year'))
        batch_op.drop_index('ix_issued_document_source')
        batch_op.drop_index(batch_op.f('ix_issued_document_replaces_id'))
    op.drop_table('issued_document')
