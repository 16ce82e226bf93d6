"""the largest group answer an outreach session accepts

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-07 13:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outreach_sessions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('max_group_size', sa.Integer(), server_default='40', nullable=False)
        )
        batch_op.create_check_constraint(
            'max_group_size_range', 'max_group_size BETWEEN 2 AND 200'
        )


def downgrade():
    with op.batch_alter_table('outreach_sessions', schema=None) as batch_op:
        batch_op.drop_constraint('max_group_size_range', type_='check')
        batch_op.drop_column('max_group_size')
