"""free-text retention per consultation; optional TOTP second factor for staff

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 22:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), server_default='365', nullable=False))
        batch_op.add_column(sa.Column('free_text_purged_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint('retention_range', 'retention_days BETWEEN 30 AND 3650')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_constraint('retention_range', type_='check')
        batch_op.drop_column('free_text_purged_at')
        batch_op.drop_column('retention_days')
