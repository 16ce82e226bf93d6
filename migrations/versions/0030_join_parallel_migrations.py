"""join the migrations written side by side into one head

Revision ID: 0030
Revises: 0009, 0011, 0012, 0013, 0014, 0017
Create Date: 2026-12-07 14:00:00

"""

# revision identifiers, used by Alembic.
revision = '0030'
down_revision = ('0009', '0011', '0012', '0013', '0014', '0017')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
