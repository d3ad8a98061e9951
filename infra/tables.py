"""The DynamoDB tables as the app declares them, read off the pynamodb models.

Infra never restates a key schema: it asks `chalicelib.store.models` (the code that reads and
writes the tables) for each table's hash/range keys, global secondary indexes and TTL attribute,
so a model change shows up in the synthesized template (and its tests) without an infra edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.config import TABLE_KEYS, Config
from chalicelib.store.models import build_models


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # "S" | "N" | "B"


@dataclass(frozen=True)
class Index:
    name: str
    hash_key: Key
    range_key: Key | None
    projection: str  # "ALL" | "KEYS_ONLY" | "INCLUDE"
    non_key_attributes: tuple[str, ...] = ()  # INCLUDE: what besides the keys it projects


@dataclass(frozen=True)
class TableSpec:
    key: str  # logical name: config.table_name(key) is the physical one
    hash_key: Key
    range_key: Key | None
    ttl_attribute: str | None
    indexes: tuple[Index, ...] = field(default=())


_PROJECTIONS = {"AllProjection": "ALL", "KeysOnlyProjection": "KEYS_ONLY", "IncludeProjection": "INCLUDE"}


def table_specs() -> list[TableSpec]:
    """Every table of `TABLE_KEYS`, in that order."""
    models = build_models(Config())
    by_key = {model.Meta.table_name[len(Config().table_prefix):]: model for model in models.all()}
    specs = []
    for key in TABLE_KEYS:
        model = by_key[key]
        attrs = model.get_attributes()
        hash_name, range_name = model._hash_keyname, model._range_keyname
        ttl = model._ttl_attribute()
        indexes = []
        for index in model._indexes.values():
            meta = index.Meta
            keys = list(meta.attributes.values())
            ihash = next(a for a in keys if a.is_hash_key)
            irange = next((a for a in keys if a.is_range_key), None)
            indexes.append(Index(
                name=meta.index_name,
                hash_key=Key(ihash.attr_name, ihash.attr_type),
                range_key=Key(irange.attr_name, irange.attr_type) if irange else None,
                projection=_PROJECTIONS[type(meta.projection).__name__],
                non_key_attributes=tuple(getattr(meta.projection, "non_key_attributes", None) or ()),
            ))
        specs.append(TableSpec(
            key=key,
            hash_key=Key(hash_name, attrs[hash_name].attr_type),
            range_key=Key(range_name, attrs[range_name].attr_type) if range_name else None,
            ttl_attribute=ttl.attr_name if ttl is not None else None,
            indexes=tuple(indexes),
        ))
    return specs
