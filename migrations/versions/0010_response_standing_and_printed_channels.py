"""responses and answers carry a standing (counted or test); channels remember being printed

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-08 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None

STANDINGS = "standing IN ('counted', 'test')"


def upgrade():
    # Every existing response was counted: the server default says so for the rows in place.
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('standing', sa.String(length=10), server_default='counted', nullable=False))
        batch_op.create_check_constraint('standing_known', STANDINGS)
        batch_op.drop_index('ix_responses_participation')
        batch_op.create_index('ix_responses_participation', ['consultation_id', 'standing', 'submitted_on', 'audience', 'age_band', 'language', 'mode', 'channel_id', 'group_size'], unique=False)
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('standing', sa.String(length=10), server_default='counted', nullable=False))
        batch_op.create_check_constraint('standing_known', STANDINGS)
        batch_op.drop_index('ix_answers_tally')
        batch_op.drop_index('ix_answers_review')
        batch_op.drop_index('ix_answers_actions')
        batch_op.create_index('ix_answers_tally', ['consultation_id', 'standing', 'purpose', 'orientation_id', 'audience', 'priority', 'weight'], unique=False)
        batch_op.create_index('ix_answers_review', ['consultation_id', 'standing', 'purpose', 'moderation'], unique=False)
        batch_op.create_index('ix_answers_actions', ['consultation_id', 'standing', 'purpose', 'action_id', 'weight'], unique=False)
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_test', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.add_column(sa.Column('printed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.drop_column('printed_at')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_column('is_test')
    # Tests were never figures: they go with the column that set them apart.
    op.execute("DELETE FROM responses WHERE standing <> 'counted'")
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_actions')
        batch_op.drop_index('ix_answers_review')
        batch_op.drop_index('ix_answers_tally')
        batch_op.create_index('ix_answers_tally', ['consultation_id', 'purpose', 'orientation_id', 'audience', 'priority', 'weight'], unique=False)
        batch_op.create_index('ix_answers_review', ['consultation_id', 'purpose', 'moderation'], unique=False)
        batch_op.create_index('ix_answers_actions', ['consultation_id', 'purpose', 'action_id', 'weight'], unique=False)
        batch_op.drop_constraint('standing_known', type_='check')
        batch_op.drop_column('standing')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_participation')
        batch_op.create_index('ix_responses_participation', ['consultation_id', 'submitted_on', 'audience', 'age_band', 'language', 'mode', 'channel_id', 'group_size'], unique=False)
        batch_op.drop_constraint('standing_known', type_='check')
        batch_op.drop_column('standing')
