"""several SWOT items per answer: the first stays on the answer, the others in a table

Revision ID: 0034
Revises: 0032
Create Date: 2026-12-07 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0034'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'answer_additional_items',
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('swot_item_id', sa.Integer(), nullable=False),
        sa.Column('attached_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['answer_id'],
            ['answers.id'],
            name=op.f('fk_answer_additional_items_answer_id_answers'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['swot_item_id'],
            ['swot_items.id'],
            name=op.f('fk_answer_additional_items_swot_item_id_swot_items'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'answer_id', 'swot_item_id', name=op.f('pk_answer_additional_items')
        ),
    )
    op.create_index(
        'ix_answer_additional_items_item', 'answer_additional_items', ['swot_item_id']
    )
    # The coding workspace counts approved answers not yet coded from the index alone.
    _review_index(['consultation_id', 'standing', 'purpose', 'moderation', 'coded_at'])


def _review_index(columns):
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_review')
        batch_op.create_index('ix_answers_review', columns, unique=False)


def downgrade():
    _review_index(['consultation_id', 'standing', 'purpose', 'moderation'])
    op.drop_index('ix_answer_additional_items_item', table_name='answer_additional_items')
    op.drop_table('answer_additional_items')
