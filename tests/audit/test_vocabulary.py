"""Every action the code can write to the staff trail has a label and a filter, so the trail
never shows a raw key such as "question.added". The keys are read from the code itself: each
call of record_staff_action, followed back through the functions that pass the key along, so
a new key without a label fails here."""

import ast
import enum
import importlib
import itertools
from pathlib import Path

from consult.audit.models import StaffEvent
from consult.audit.vocabulary import ACTION_LABELS, KIND_LABELS
from consult.extensions import db
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]
WRITER = "record_staff_action"


class Unresolved(Exception):
    """A key computed in a way this reader does not follow: write it so it can."""


class _Code:
    def __init__(self):
        self.trees = {}
        self.parents = {}
        for path in sorted((ROOT / "consult").rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            self.trees[path] = tree
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node

    def module(self, path):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        return importlib.import_module(name)

    def enclosing_function(self, node):
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def calls_of(self, name):
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    callee = node.func
                    called = callee.id if isinstance(callee, ast.Name) else None
                    if isinstance(callee, ast.Attribute):
                        called = callee.attr
                    if called == name:
                        yield path, node

    def function(self, path, name):
        for node in ast.walk(self.trees[path]):
            if isinstance(node, ast.FunctionDef) and node.name == name:
                return node
        raise Unresolved(f"{path}: no function {name}")

    def keys(self, expr, path, function) -> set[str]:
        where = f"{path.relative_to(ROOT)}:{getattr(expr, 'lineno', '?')}"
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self.keys(expr.body, path, function) | self.keys(expr.orelse, path, function)
        if isinstance(expr, ast.JoinedStr):
            parts = [
                self.keys(part.value if isinstance(part, ast.FormattedValue) else part, path,
                          function)
                for part in expr.values
            ]  # fmt: skip
            return {"".join(chosen) for chosen in itertools.product(*parts)}
        if isinstance(expr, ast.Name):
            return self._name(expr.id, path, function, where)
        if (
            isinstance(expr, ast.Attribute)
            and expr.attr == "value"
            and isinstance(expr.value, ast.Name)
        ):
            # `kind.value` after `kind = SomeEnum(kind)`: any member of the enumeration.
            for value in self._assigned(expr.value.id, function):
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                    kinds = getattr(self.module(path), value.func.id, None)
                    if isinstance(kinds, type) and issubclass(kinds, enum.Enum):
                        return {member.value for member in kinds}
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "get"
            and isinstance(expr.func.value, ast.Name)
        ):
            # A module's table looked up with a default: any of its values, or the default.
            table = getattr(self.module(path), expr.func.value.id, None)
            if isinstance(table, dict):
                default = set()
                if len(expr.args) > 1:
                    default = self.keys(expr.args[1], path, function)
                return set(table.values()) | default
        raise Unresolved(where)

    def _assigned(self, name, function):
        scope = function if function is not None else None
        if scope is None:
            return []
        return [
            node.value
            for node in ast.walk(scope)
            if isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
        ]

    def _name(self, name, path, function, where):
        if function is None:
            raise Unresolved(where)
        parameters = [argument.arg for argument in function.args.args]
        if name in parameters:
            return self._passed(function, parameters.index(name), name)
        assigned = self._assigned(name, function)
        if assigned:
            return set().union(*(self.keys(value, path, function) for value in assigned))
        for loop in ast.walk(function):
            if isinstance(loop, ast.For) and isinstance(loop.target, ast.Tuple):
                names = [getattr(target, "id", None) for target in loop.target.elts]
                if name in names:
                    return self._yielded(loop.iter, names.index(name), path, where)
        raise Unresolved(where)

    def _passed(self, function, position, name):
        keys = set()
        for path, call in self.calls_of(function.name):
            caller = self.enclosing_function(call)
            if caller is function:
                continue
            given = [keyword.value for keyword in call.keywords if keyword.arg == name]
            if position < len(call.args):
                given = [call.args[position]]
            if not given:
                raise Unresolved(f"{path.relative_to(ROOT)}:{call.lineno}")
            keys |= self.keys(given[0], path, caller)
        return keys

    def _yielded(self, source, index, path, where):
        # `for action, ... in list(changes(...))`: the tuples that generator yields.
        while isinstance(source, ast.Call) and isinstance(source.func, ast.Name):
            if source.func.id != "list":
                generator = self.function(path, source.func.id)
                keys = set()
                for node in ast.walk(generator):
                    if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                        keys |= self.keys(node.value.elts[index], path, generator)
                return keys
            source = source.args[0]
        raise Unresolved(where)


def _writable_keys():
    code = _Code()
    keys = set()
    for path, call in code.calls_of(WRITER):
        action = call.args[0] if call.args else None
        action = action or next(k.value for k in call.keywords if k.arg == "action")
        keys |= code.keys(action, path, code.enclosing_function(call))
    return keys


def test_every_action_the_code_can_write_has_a_label_and_a_filter():
    keys = _writable_keys()
    # The reader follows each way a key reaches the writer: literals, choices, keys passed
    # through helpers, enumerations, tables and generators.
    assert {
        "account.unlock",
        "consultation.publish",
        "consultation.status",
        "channel.restore",
        "decision.proposal_merged",
        "coding.attach",
        "question.wording_changed",
        "responses.discard",
        "report.unquote",
    } <= keys
    assert sorted(keys - set(ACTION_LABELS)) == []
    assert sorted({key.split(".")[0] for key in keys} - set(KIND_LABELS)) == []
    # And no label waits for an action nobody writes (a misspelt key would).
    assert sorted(set(ACTION_LABELS) - keys) == []


def test_the_trail_shows_the_newer_actions_in_french_with_their_filter(
    client, make_user, make_territory
):
    from consult.accounts.roles import Role

    territory = make_territory(slug="estuaire", name="Cité éducative de l'Estuaire")
    for action in ("question.added", "responses.release", "outreach.group_limit"):
        db.session.add(
            StaffEvent(action=action, target="x", territory_id=territory.id, actor_label="a@b.c")
        )
    db.session.commit()
    login(client, make_user(role=Role.ADMIN, email="ops@estuaire.example"))
    page = client.get("/admin/audit/").get_data(as_text=True)
    for label in ("Question ajoutée", "Réponses retenues comptées", "Plus grand groupe accepté"):
        assert label in page
    assert "question.added" not in page and "outreach.group_limit" not in page
    questions = client.get("/admin/audit/?kind=question").get_data(as_text=True)
    assert '<option value="question" selected>Questions</option>' in questions
    assert "Question ajoutée" in questions and "Réponses retenues comptées" not in questions
