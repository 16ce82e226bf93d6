"""indicators: a plain wording families read on the public page, per language

Revision ID: 0032
Revises: 0030
Create Date: 2026-12-07 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0032'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_label', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_column('public_label')
