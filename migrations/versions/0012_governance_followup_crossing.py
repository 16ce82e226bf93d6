"""partnership process, steering-committee decisions, orientation history, action follow-up
and funding, the crossing grid, quotes chosen for the report

Revision ID: 0012
Revises: 0015
Create Date: 2026-12-07 12:47:19.230969

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('governance_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.CheckConstraint("kind IN ('steering_committee', 'technical_committee', 'local_instance', 'elected_officials', 'partners_meeting')", name=op.f('ck_governance_bodies_kind_known')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_governance_bodies_territory_id_territories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_bodies')),
    sa.UniqueConstraint('territory_id', 'name', name=op.f('uq_governance_bodies_territory_id'))
    )
    op.create_table('partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.CheckConstraint("kind IN ('state', 'local_authority', 'school', 'caf', 'association', 'training_institute', 'social_service', 'other')", name=op.f('ck_partners_kind_known')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_partners_territory_id_territories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
    sa.UniqueConstraint('territory_id', 'name', name=op.f('uq_partners_territory_id'))
    )
    op.create_table('orientation_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('orientation_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('family_title', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('validated_on', sa.Date(), nullable=True),
    sa.Column('validated_by', sa.String(length=200), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_because', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['orientation_id'], ['orientations.id'], name=op.f('fk_orientation_versions_orientation_id_orientations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orientation_versions')),
    sa.UniqueConstraint('orientation_id', 'version', name=op.f('uq_orientation_versions_orientation_id'))
    )
    with op.batch_alter_table('orientation_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orientation_versions_orientation_id'), ['orientation_id'], unique=False)

    op.create_table('timeline_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('professionals_present', sa.Integer(), nullable=True),
    sa.Column('elected_present', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('minutes_pdf', sa.LargeBinary(), nullable=True),
    sa.Column('minutes_pdf_name', sa.String(length=200), nullable=False),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.CheckConstraint("date_precision IN ('day', 'month')", name=op.f('ck_timeline_events_precision_known')),
    sa.CheckConstraint("kind IN ('milestone', 'meeting', 'planned')", name=op.f('ck_timeline_events_kind_known')),
    sa.CheckConstraint('elected_present IS NULL OR elected_present BETWEEN 0 AND 10000', name=op.f('ck_timeline_events_elected_range')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_timeline_events_ends_after_start')),
    sa.CheckConstraint('professionals_present IS NULL OR professionals_present BETWEEN 0 AND 10000', name=op.f('ck_timeline_events_professionals_range')),
    sa.ForeignKeyConstraint(['body_id'], ['governance_bodies.id'], name=op.f('fk_timeline_events_body_id_governance_bodies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_timeline_events_territory_id_territories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_events'))
    )
    with op.batch_alter_table('timeline_events', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_events_territory_starts', ['territory_id', 'starts_on'], unique=False)

    op.create_table('action_partners',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.CheckConstraint("role IN ('lead', 'co_lead')", name=op.f('ck_action_partners_role_known')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_partners_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_action_partners_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'partner_id', name=op.f('pk_action_partners'))
    )
    with op.batch_alter_table('action_partners', schema=None) as batch_op:
        batch_op.create_index('ix_action_partners_one_lead', ['action_id'], unique=True, sqlite_where=sa.text("role = 'lead'"), postgresql_where=sa.text("role = 'lead'"))

    op.create_table('action_publics',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('public', sa.String(length=20), nullable=False),
    sa.CheckConstraint("public IN ('parents', 'under_6', 'children_6_11', 'young_12_15', 'young_16_25', 'professionals')", name=op.f('ck_action_publics_public_known')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_publics_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'public', name=op.f('pk_action_publics'))
    )
    op.create_table('action_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('dated_on', sa.Date(), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'retained', 'scheduled', 'in_progress', 'done', 'dropped')", name=op.f('ck_action_updates_status_known')),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_action_updates_progress_range')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_updates_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_action_updates_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_updates'))
    )
    with op.batch_alter_table('action_updates', schema=None) as batch_op:
        batch_op.create_index('ix_action_updates_action_dated', ['action_id', 'dated_on'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('orientation_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(kind IN ('orientation_confirmed', 'orientation_amended', 'orientation_new', 'orientation_withdrawn') AND orientation_id IS NOT NULL) OR (kind NOT IN ('orientation_confirmed', 'orientation_amended', 'orientation_new', 'orientation_withdrawn') AND action_id IS NOT NULL)", name=op.f('ck_decisions_subject_given')),
    sa.CheckConstraint("kind != 'proposal_merged' OR merged_into_id IS NOT NULL", name=op.f('ck_decisions_merge_target_given')),
    sa.CheckConstraint("kind IN ('orientation_confirmed', 'orientation_amended', 'orientation_new', 'orientation_withdrawn', 'proposal_retained', 'proposal_merged', 'proposal_not_retained')", name=op.f('ck_decisions_kind_known')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_decisions_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['timeline_events.id'], name=op.f('fk_decisions_meeting_id_timeline_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['actions.id'], name=op.f('fk_decisions_merged_into_id_actions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['orientation_id'], ['orientations.id'], name=op.f('fk_decisions_orientation_id_orientations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_decisions_territory_id_territories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('ix_decisions_territory', ['territory_id'], unique=False)

    op.create_table('funding_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('funder', sa.String(length=20), nullable=False),
    sa.Column('funder_detail', sa.String(length=120), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.CheckConstraint("funder IN ('cite_educative', 'state', 'local_authority', 'caf', 'other')", name=op.f('ck_funding_lines_funder_known')),
    sa.CheckConstraint('amount BETWEEN 0 AND 100000000', name=op.f('ck_funding_lines_amount_range')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_funding_lines_year_range')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_funding_lines_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_lines')),
    sa.UniqueConstraint('action_id', 'funder', 'funder_detail', 'year', name=op.f('uq_funding_lines_action_id'))
    )
    with op.batch_alter_table('funding_lines', schema=None) as batch_op:
        batch_op.create_index('ix_funding_lines_action_year', ['action_id', 'year'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Double(), nullable=True),
    sa.Column('target', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_indicators_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('action_id', 'label', name=op.f('uq_indicators_action_id'))
    )
    op.create_table('timeline_event_partners',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['timeline_events.id'], name=op.f('fk_timeline_event_partners_event_id_timeline_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_timeline_event_partners_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'partner_id', name=op.f('pk_timeline_event_partners'))
    )
    op.create_table('crossing_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('axis_id', sa.Integer(), nullable=False),
    sa.Column('internal_item_id', sa.Integer(), nullable=False),
    sa.Column('external_item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=2), nullable=False),
    sa.Column('orientation_id', sa.Integer(), nullable=True),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('SO', 'WO', 'ST', 'WT')", name=op.f('ck_crossing_pairs_kind_known')),
    sa.CheckConstraint('internal_item_id != external_item_id', name=op.f('ck_crossing_pairs_two_items')),
    sa.ForeignKeyConstraint(['axis_id'], ['axes.id'], name=op.f('fk_crossing_pairs_axis_id_axes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['external_item_id'], ['swot_items.id'], name=op.f('fk_crossing_pairs_external_item_id_swot_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['internal_item_id'], ['swot_items.id'], name=op.f('fk_crossing_pairs_internal_item_id_swot_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['orientation_id'], ['orientations.id'], name=op.f('fk_crossing_pairs_orientation_id_orientations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_crossing_pairs_territory_id_territories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_crossing_pairs_workshop_id_workshops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crossing_pairs')),
    sa.UniqueConstraint('internal_item_id', 'external_item_id', name=op.f('uq_crossing_pairs_internal_item_id'))
    )
    with op.batch_alter_table('crossing_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crossing_pairs_external_item_id'), ['external_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crossing_pairs_internal_item_id'), ['internal_item_id'], unique=False)
        batch_op.create_index('ix_crossing_pairs_territory_axis', ['territory_id', 'axis_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_indicator_values_year_range')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_id', 'year', name=op.f('pk_indicator_values'))
    )
    op.create_table('report_quotes',
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('chosen_by_id', sa.Integer(), nullable=True),
    sa.Column('chosen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_report_quotes_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chosen_by_id'], ['users.id'], name=op.f('fk_report_quotes_chosen_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('answer_id', name=op.f('pk_report_quotes'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        # Actions already there were validated or already shown to families: retained.
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='retained', nullable=False))
        batch_op.add_column(sa.Column('progress', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint('status_known', "status IN ('proposed', 'retained', 'scheduled', 'in_progress', 'done', 'dropped')")
        batch_op.create_check_constraint('progress_range', 'progress BETWEEN 0 AND 100')



def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_constraint('progress_range', type_='check')
        batch_op.drop_constraint('status_known', type_='check')
        batch_op.drop_column('progress')
        batch_op.drop_column('status')

    op.drop_table('report_quotes')
    op.drop_table('indicator_values')
    with op.batch_alter_table('crossing_pairs', schema=None) as batch_op:
        batch_op.drop_index('ix_crossing_pairs_territory_axis')
        batch_op.drop_index(batch_op.f('ix_crossing_pairs_internal_item_id'))
        batch_op.drop_index(batch_op.f('ix_crossing_pairs_external_item_id'))

    op.drop_table('crossing_pairs')
    op.drop_table('timeline_event_partners')
    op.drop_table('indicators')
    with op.batch_alter_table('funding_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_funding_lines_action_year')

    op.drop_table('funding_lines')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_territory')
        batch_op.drop_index(batch_op.f('ix_decisions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_action_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('action_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_action_updates_action_dated')

    op.drop_table('action_updates')
    op.drop_table('action_publics')
    with op.batch_alter_table('action_partners', schema=None) as batch_op:
        batch_op.drop_index('ix_action_partners_one_lead', sqlite_where=sa.text("role = 'lead'"), postgresql_where=sa.text("role = 'lead'"))

    op.drop_table('action_partners')
    with op.batch_alter_table('timeline_events', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_events_territory_starts')

    op.drop_table('timeline_events')
    with op.batch_alter_table('orientation_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orientation_versions_orientation_id'))

    op.drop_table('orientation_versions')
    op.drop_table('partners')
    op.drop_table('governance_bodies')
