"""staff audit trail: who did what, when, in the back office

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_label', sa.String(length=254), nullable=False),
        sa.Column('territory_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('target', sa.String(length=300), nullable=False),
        sa.Column('detail', sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_staff_events_actor_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_staff_events_territory_id_territories'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_events')),
    )
    with op.batch_alter_table('staff_events', schema=None) as batch_op:
        batch_op.create_index('ix_staff_events_action', ['action'], unique=False)
        batch_op.create_index('ix_staff_events_territory_at', ['territory_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('staff_events', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_events_territory_at')
        batch_op.drop_index('ix_staff_events_action')
    op.drop_table('staff_events')
