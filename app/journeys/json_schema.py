"""The JSON Schema of journey documents and bundles, generated from the pydantic models.

Here each node's config is tied to its type, so the frontend and other tools can check
a whole document. Committed as journeys/schema/*.schema.json; a test keeps them current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import Field, ValidationError, create_model

from app.journeys.bundle import SECTIONS
from app.journeys.nodes import all_types
from app.journeys.schema import DocumentHeader, Edge, Node
from app.journeys.types import Channel

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "journeys" / "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _typed_node(node_type):
    try:
        node_type.config_model()
        config = (node_type.config_model, Field(default_factory=dict))
    except ValidationError:
        config = (node_type.config_model, ...)
    name = "Node_" + node_type.type.replace(".", "_")
    return create_model(name, __base__=Node, type=(Literal[node_type.type], ...), config=config)


def _typed_document():
    nodes = tuple(_typed_node(t) for t in all_types())
    typed = Annotated[Union[nodes], Field(discriminator="type")]  # noqa: UP007
    return create_model(
        "JourneyDocument",
        __base__=DocumentHeader,
        nodes=(list[typed], Field(default_factory=list, max_length=500)),
        edges=(list[Edge], Field(default_factory=list, max_length=2000)),
    )


def _finish(schema: dict, title: str, file_name: str) -> dict:
    schema["title"] = title
    return {"$schema": DIALECT, "$id": f"https://loyalty-canvas/{file_name}", **schema}


def document_schema() -> dict:
    """The JSON Schema of a journey document."""
    model = _typed_document()
    return _finish(
        model.model_json_schema(by_alias=True), "Journey document", "journey.schema.json"
    )


def bundle_schema() -> dict:
    """The JSON Schema of a bundle: a document plus the audiences and templates it uses."""
    fields = {name: (list[model], Field(default_factory=list)) for name, model in SECTIONS.items()}
    model = create_model(
        "JourneyBundle",
        schema_version=(Literal[1], ...),
        journey=(_typed_document(), ...),
        channels=(list[Channel] | None, None),
        **fields,
    )
    return _finish(model.model_json_schema(by_alias=True), "Journey bundle", "bundle.schema.json")


def schema_files() -> dict[str, str]:
    """File name -> text of each committed schema file."""
    return {
        "journey.schema.json": json.dumps(document_schema(), indent=2, sort_keys=True) + "\n",
        "bundle.schema.json": json.dumps(bundle_schema(), indent=2, sort_keys=True) + "\n",
    }
