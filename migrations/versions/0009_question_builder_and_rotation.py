"""question builder and rotation: family wordings per audience, open proposals, what a
question feeds as constraints, a time budget, rotated action questions and exposures

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

PURPOSES_BEFORE = "'priority', 'action_choice', 'swot', 'profile'"
PURPOSES = "'priority', 'action_choice', 'swot', 'profile', 'proposal'"


def upgrade():
    with op.batch_alter_table('orientations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_wording', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_wording', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_budget_seconds', sa.Integer(), nullable=False, server_default='120'))
        batch_op.create_check_constraint(
            op.f('ck_consultations_time_budget_range'), 'time_budget_seconds BETWEEN 30 AND 1200'
        )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('times_shown', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_constraint(op.f('ck_questions_purpose_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_questions_orientation_when_needed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_questions_purpose_known'), f'purpose IN ({PURPOSES})')
        batch_op.create_check_constraint(
            op.f('ck_questions_orientation_when_needed'),
            "purpose NOT IN ('priority', 'action_choice', 'proposal') OR orientation_id IS NOT NULL",
        )
        batch_op.create_check_constraint(
            op.f('ck_questions_quadrant_only_swot'), "purpose = 'swot' OR quadrant IS NULL"
        )
        batch_op.create_check_constraint(
            op.f('ck_questions_profile_feeds_profile'),
            "purpose <> 'profile' OR (orientation_id IS NULL AND axis_id IS NULL)",
        )
        batch_op.create_check_constraint(op.f('ck_questions_times_shown_positive'), 'times_shown >= 0')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_answers_purpose_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_answers_purpose_known'), f'purpose IN ({PURPOSES})')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rotated_question_ids', sa.JSON(), nullable=True))
    op.create_table(
        'question_exposures',
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('weight', sa.Integer(), nullable=False),
        sa.CheckConstraint('weight BETWEEN 1 AND 500', name=op.f('ck_question_exposures_weight_range')),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_exposures_question_id_questions'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_question_exposures_response_id_responses'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('response_id', 'question_id', name=op.f('pk_question_exposures')),
    )
    with op.batch_alter_table('question_exposures', schema=None) as batch_op:
        batch_op.create_index('ix_question_exposures_question', ['question_id', 'weight'], unique=False)


def downgrade():
    with op.batch_alter_table('question_exposures', schema=None) as batch_op:
        batch_op.drop_index('ix_question_exposures_question')
    op.drop_table('question_exposures')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_column('rotated_question_ids')
    op.execute("DELETE FROM answers WHERE purpose = 'proposal'")
    op.execute("DELETE FROM questions WHERE purpose = 'proposal'")
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_answers_purpose_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_answers_purpose_known'), f'purpose IN ({PURPOSES_BEFORE})')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_questions_times_shown_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_questions_profile_feeds_profile'), type_='check')
        batch_op.drop_constraint(op.f('ck_questions_quadrant_only_swot'), type_='check')
        batch_op.drop_constraint(op.f('ck_questions_orientation_when_needed'), type_='check')
        batch_op.drop_constraint(op.f('ck_questions_purpose_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_questions_purpose_known'), f'purpose IN ({PURPOSES_BEFORE})')
        batch_op.create_check_constraint(
            op.f('ck_questions_orientation_when_needed'),
            "purpose NOT IN ('priority', 'action_choice') OR orientation_id IS NOT NULL",
        )
        batch_op.drop_column('times_shown')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_consultations_time_budget_range'), type_='check')
        batch_op.drop_column('time_budget_seconds')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_column('family_wording')
    with op.batch_alter_table('orientations', schema=None) as batch_op:
        batch_op.drop_column('family_wording')
