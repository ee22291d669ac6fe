"""The JSON Schema of the YAML sources, generated from the models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from . import model

SCHEMA_ID = "https://thutuc.local/procedures/schema.json"


def procedure_schema() -> dict:
    """Schema of a procedure file; ``$defs/<Record>List`` describe the catalogue files and
    ``$defs/TrainingModule`` a training module."""
    schema = model.Procedure.model_json_schema()
    defs = schema.setdefault("$defs", {})
    module_schema = model.TrainingModule.model_json_schema()
    defs.update(module_schema.pop("$defs", {}))
    defs["TrainingModule"] = module_schema
    for record_model in model.CATALOG_FILES.values():
        record_schema = record_model.model_json_schema()
        defs.update(record_schema.pop("$defs", {}))
        defs[record_model.__name__] = record_schema
        defs[f"{record_model.__name__}List"] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{record_model.__name__}"},
        }
    _add_shorthand_steps(defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


# --------------------------------------------------------------------------------------
# Walkthrough shorthand: ``- click: Tiếp tục`` is expanded by a validator before the model
# sees it (model._expand_shorthand), so pydantic's schema only knows the long form.
# --------------------------------------------------------------------------------------


def _add_shorthand_steps(defs: dict) -> None:
    """Let a walkthrough step be written long (``action: click``) or short (``click: …``)."""
    steps = defs["Walkthrough"]["properties"]["steps"]
    long_forms = steps["items"]["oneOf"]
    short_forms = []
    for action, step_model in model.STEP_MODELS.items():
        name = f"{step_model.__name__}Shorthand"
        defs[name] = _shorthand(action, defs[step_model.__name__])
        short_forms.append({"$ref": f"#/$defs/{name}"})
    # One of the long forms (``action`` names which) or one of the short forms (the action key
    # does); `discriminator` is OpenAPI, not JSON Schema, and would hide the short forms.
    steps["items"] = {"oneOf": long_forms + short_forms}


def _shorthand(action: str, step: dict) -> dict:
    """The short form of one action, as model._expand_shorthand reads it.

    ``{action: value, **rest}``: the value is the action's main field (``SHORTHAND_FIELD``), a
    mapping of the step's fields, or empty; ``rest`` holds the other fields (caption beside it).
    A field is written once, either beside the action or inside its mapping.
    """
    fields = {key: value for key, value in step["properties"].items() if key != "action"}
    main = model.SHORTHAND_FIELD[action]
    inside = {"type": "object", "properties": fields, "additionalProperties": False}
    value = {"anyOf": [_without_null(fields[main]), {"type": "null"}, inside]}
    rules = []
    for field in [key for key in step.get("required", []) if key != "action"]:
        # Written beside the action, inside its mapping, or (the main field) as its value.
        where = [{"required": [field]},
                 {"properties": {action: {"type": "object", "required": [field]}}}]
        if field == main:
            where.append({"properties": {action: {"not": {"type": ["object", "null"]}}}})
        rules.append({"oneOf": where})
    for field in fields:
        # Never twice: beside the action and inside its mapping (or as its value).
        inner = ({"anyOf": [{"type": "object", "required": [field]}, {"not": {"type": ["object", "null"]}}]}
                 if field == main else {"type": "object", "required": [field]})
        rules.append({"not": {"required": [field], "properties": {action: inner}}})
    return {
        "type": "object",
        "description": f"Dạng rút gọn của `action: {action}`: `- {action}: …` "
        f"(giá trị là `{main}`, hoặc một bảng các trường của bước), `caption` viết bên cạnh.",
        "properties": {action: value, **fields},
        "required": [action],
        "additionalProperties": False,
        "allOf": rules,
    }


def _without_null(field: dict) -> dict:
    """A field's schema without its ``null`` alternative (an optional field written as a value)."""
    options = [option for option in field.get("anyOf", [field]) if option != {"type": "null"}]
    return options[0] if len(options) == 1 else {"anyOf": options}


def schema_text() -> str:
    return json.dumps(procedure_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: Path) -> bool:
    """Write the schema if it changed; return whether the file was (re)written."""
    text = schema_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
