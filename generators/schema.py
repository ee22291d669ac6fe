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
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    return json.dumps(procedure_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: Path) -> bool:
    """Write the schema if it changed; return whether the file was (re)written."""
    text = schema_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
