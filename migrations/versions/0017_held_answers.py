"""answers held by the flood signals: two more standings, and why a response was held

Revision ID: 0017
Revises: 0010
Create Date: 2026-12-07 13:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0010'
branch_labels = None
depends_on = None

BEFORE = "standing IN ('counted', 'test')"
AFTER = "standing IN ('counted', 'test', 'held', 'discarded')"


def _standings(rule: str) -> None:
    for table in ('responses', 'answers'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint('standing_known', type_='check')
            batch_op.create_check_constraint('standing_known', rule)


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('held_reasons', sa.String(length=60), server_default='', nullable=False)
        )
    _standings(AFTER)


def downgrade():
    op.execute("DELETE FROM answers WHERE standing IN ('held', 'discarded')")
    op.execute("DELETE FROM responses WHERE standing IN ('held', 'discarded')")
    _standings(BEFORE)
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('held_reasons')
