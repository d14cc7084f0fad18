"""Data file exchange: the commune export log; the province key registry, accepted files and records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 12:04:19.558978
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('export_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('signer_key_id', sa.String(length=32), nullable=False),
    sa.Column('recipient_key_id', sa.String(length=32), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('receipt_status', sa.String(length=16), nullable=False),
    sa.Column('receipt_at', sa.DateTime(), nullable=True),
    sa.Column('receipt_note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_log')),
    sa.UniqueConstraint('file_sha256', name=op.f('uq_export_log_file_sha256')),
    sa.UniqueConstraint('sequence', name=op.f('uq_export_log_sequence'))
    )
    op.create_table('province_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('signer_key_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('manifest', sa.Text(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province_bundle')),
    sa.UniqueConstraint('commune_code', 'sequence', name='uq_province_bundle_commune_seq'),
    sa.UniqueConstraint('file_sha256', name=op.f('uq_province_bundle_file_sha256'))
    )
    op.create_table('province_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('officer', sa.String(length=100), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province_key')),
    sa.UniqueConstraint('key_id', name=op.f('uq_province_key_key_id'))
    )
    with op.batch_alter_table('province_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_province_key_commune_code'), ['commune_code'], unique=False)

    op.create_table('province_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('uid', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('cccd', sa.String(length=12), nullable=True),
    sa.Column('subject_uid', sa.String(length=40), nullable=True),
    sa.Column('title_code', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bundle_id'], ['province_bundle.id'],
        name=op.f('fk_province_record_bundle_id_province_bundle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province_record')),
    sa.UniqueConstraint('commune_code', 'uid', name='uq_province_record_commune_uid')
    )
    with op.batch_alter_table('province_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_province_record_bundle_id'), ['bundle_id'], unique=False)
        batch_op.create_index('ix_province_record_commune_kind', ['commune_code', 'kind'], unique=False)
        batch_op.create_index('ix_province_record_kind_cccd', ['kind', 'cccd', 'commune_code'], unique=False)
        batch_op.create_index('ix_province_record_kind_title', ['kind', 'title_code', 'year'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('province_record', schema=None) as batch_op:
        batch_op.drop_index('ix_province_record_kind_title')
        batch_op.drop_index('ix_province_record_kind_cccd')
        batch_op.drop_index('ix_province_record_commune_kind')
        batch_op.drop_index(batch_op.f('ix_province_record_bundle_id'))

    op.drop_table('province_record')
    with op.batch_alter_table('province_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_province_key_commune_code'))

    op.drop_table('province_key')
    op.drop_table('province_bundle')
    op.drop_table('export_log')
