"""Create, edit and delete pages for a back-office entity, written once.

Each entity gives a ``CrudSpec``: how to load it within the territory, how to fill its form,
and which operation saves or deletes it. The pages, the messages and the single commit per
request are the same for all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.core.db import commit, commit_write
from consult.core.forms import DeleteForm
from consult.core.operations import OperationRefused
from consult.extensions import db


@dataclass(frozen=True)
class CrudSpec:
    # Endpoint prefix, e.g. "swot_items"; the URL segment is the same with dashes.
    name: str
    form_class: type
    # Page titles, already translated when called.
    new_title: Callable[[], str]
    edit_title: Callable[[object], str]
    load: Callable[[int], object]
    prepare_form: Callable[[object], None]
    fill_form: Callable[[object, object], None]
    save: Callable[[object, object | None], object]
    delete: Callable[[object], None]
    back_url: Callable[[object | None], str]
    # Read by the template for the delete confirmation.
    describe: Callable[[object], str]
    minimum_role: Role = Role.COORDINATOR
    # A change to confirm before saving: what it would do, or None when nothing needs it.
    confirm: Callable[[object, object], str | None] | None = None


def _form_page(spec: CrudSpec, item):
    form = spec.form_class()
    spec.prepare_form(form)
    if request.method == "GET" and item is not None:
        spec.fill_form(form, item)
    if form.validate_on_submit():
        confirm_message = None
        if spec.confirm is not None and item is not None and not request.form.get("confirmed"):
            confirm_message = spec.confirm(form, item)
        if confirm_message:
            # The same form, filled as sent, says what saving would do; a button confirms.
            return _render_form(spec, form, item, 200, confirm_message)
        if written := commit_write(lambda: spec.save(form, item)):
            return redirect(spec.back_url(written.value))
        return _render_form(spec, form, item, 422)
    if request.method == "POST":
        flash(_("Please correct the fields marked below. Nothing was saved yet."), "error")
        return _render_form(spec, form, item, 422)
    return _render_form(spec, form, item, 200)


def _render_form(spec: CrudSpec, form, item, status: int, confirm_message: str | None = None):
    title = spec.new_title() if item is None else spec.edit_title(item)
    delete_url = None
    if item is not None:
        delete_url = url_for(f".{spec.name}_delete", item_id=item.id)
    return (
        render_template(
            "core/crud_form.html",
            form=form,
            title=title,
            back_url=spec.back_url(item),
            delete_url=delete_url,
            confirm_message=confirm_message,
        ),
        status,
    )


def _delete_page(spec: CrudSpec, item):
    form = DeleteForm()
    if form.validate_on_submit():
        back = spec.back_url(item)
        try:
            spec.delete(item)
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return redirect(back)
        if commit():
            flash(_("Deleted."), "success")
        else:
            flash(_("This could not be deleted: other data depends on it."), "error")
        return redirect(back)
    return render_template(
        "core/crud_delete.html",
        form=form,
        title=spec.edit_title(item),
        description=spec.describe(item),
        back_url=spec.back_url(item),
    )


def register_crud(bp, spec: CrudSpec) -> None:
    guard = requires_role(spec.minimum_role)
    segment = spec.name.replace("_", "-")

    def new():
        return _form_page(spec, None)

    def edit(item_id: int):
        return _form_page(spec, spec.load(item_id))

    def delete(item_id: int):
        return _delete_page(spec, spec.load(item_id))

    bp.add_url_rule(f"/{segment}/new", f"{spec.name}_new", guard(new), methods=["GET", "POST"])
    bp.add_url_rule(
        f"/{segment}/<int:item_id>/edit",
        f"{spec.name}_edit",
        guard(edit),
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        f"/{segment}/<int:item_id>/delete",
        f"{spec.name}_delete",
        guard(delete),
        methods=["GET", "POST"],
    )
