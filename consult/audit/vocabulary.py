"""What the trail's actions are called on its pages."""

from flask_babel import lazy_gettext as _l

# The first part of an action ("account.role" -> "account"): the page's filter.
KIND_LABELS = {
    "account": _l("Accounts"),
    "territory": _l("Territories"),
    "consultation": _l("Consultations"),
    "channel": _l("Channels"),
    "export": _l("Exports"),
    "purge": _l("Purges"),
    "decision": _l("Decisions"),
    "action": _l("Action follow-up"),
    "funding": _l("Funding lines"),
    "crossing": _l("Crossing"),
    "indicator": _l("Indicators"),
    "coding": _l("Coding of answers"),
}

ACTION_LABELS = {
    "account.create": _l("Account created"),
    "account.email": _l("E-mail changed"),
    "account.rename": _l("Name changed"),
    "account.role": _l("Role changed"),
    "account.territories": _l("Territories changed"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "account.password_set": _l("Password set by an administrator"),
    "account.password_reset": _l("Password reset"),
    "account.password_change": _l("Own password changed"),
    "account.two_step_on": _l("Two-step login turned on"),
    "account.two_step_off": _l("Two-step login turned off"),
    "account.two_step_reset": _l("Two-step login reset"),
    "account.unlock": _l("Login attempts cleared"),
    "territory.create": _l("Territory created"),
    "territory.rename": _l("Territory renamed"),
    "consultation.open": _l("Consultation opened"),
    "consultation.close": _l("Consultation closed"),
    "consultation.publish": _l("Results published"),
    "consultation.delete": _l("Consultation deleted"),
    "consultation.draft": _l("Consultation put back to draft"),
    "consultation.status": _l("Consultation status changed"),
    "channel.retire": _l("Channel retired"),
    "channel.restore": _l("Channel back in use"),
    "export.download": _l("Export downloaded"),
    "purge.run": _l("Free text purged"),
    "decision.orientation_confirmed": _l("Orientation confirmed"),
    "decision.orientation_amended": _l("Orientation amended"),
    "decision.orientation_new": _l("New orientation"),
    "decision.orientation_withdrawn": _l("Orientation withdrawn"),
    "decision.proposal_retained": _l("Proposal retained"),
    "decision.proposal_merged": _l("Proposal merged into an action"),
    "decision.proposal_not_retained": _l("Proposal not retained"),
    "decision.delete": _l("Decision deleted"),
    "action.update": _l("Action update added"),
    "funding.add": _l("Funding line added"),
    "funding.edit": _l("Funding line changed"),
    "funding.delete": _l("Funding line deleted"),
    "crossing.save": _l("Crossing pair saved"),
    "indicator.add": _l("Indicator added"),
    "indicator.edit": _l("Indicator changed"),
    "coding.code": _l("Answer coded"),
    "coding.attach": _l("Answer attached to a SWOT item"),
    "coding.detach": _l("Answer detached from a SWOT item"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
