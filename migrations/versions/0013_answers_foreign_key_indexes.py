"""indexes on answers' foreign keys set to NULL when an action, orientation or axis goes

Revision ID: 0013
Revises: 0015
Create Date: 2026-12-07 13:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_action', ['action_id'], unique=False)
        batch_op.create_index('ix_answers_adopted_action', ['adopted_action_id'], unique=False)
        batch_op.create_index('ix_answers_orientation', ['orientation_id'], unique=False)
        batch_op.create_index('ix_answers_axis', ['axis_id'], unique=False)


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_axis')
        batch_op.drop_index('ix_answers_orientation')
        batch_op.drop_index('ix_answers_adopted_action')
        batch_op.drop_index('ix_answers_action')
