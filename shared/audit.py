"""Every change to a record is appended to the audit trail, automatically.

A flush of any ORM session writes one audit entry per inserted, updated or
deleted row, with the values before and after and whoever the session acts
for (`act_as`). Service code cannot forget to audit; code that writes with
raw SQL bypasses this and must not be used for records staff work on.
"""

import datetime as dt
import decimal
import enum
import hashlib
import uuid
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction

from shared.models.audit import AuditEntry
from shared.models.system import DemoSection, JobRun

ACTOR_ID = "actor_id"
ACTOR_LABEL = "actor_label"
REQUEST_ID = "request_id"

# Kept out of the trail: a password hash is a secret even when hashed. Its
# fingerprint still shows that (and when) it changed.
SECRET_COLUMNS = frozenset({"password_hash"})

# Bookkeeping of the system itself, not service records.
_NOT_AUDITED = (AuditEntry, JobRun, DemoSection)


def act_as(
    session: AsyncSession | Session,
    *,
    staff_id: int | None = None,
    label: str | None = None,
    request_id: str | None = None,
) -> None:
    """Say whom the session's changes are made by: a person, or a labelled job."""
    session.info[ACTOR_ID] = staff_id
    session.info[ACTOR_LABEL] = label
    if request_id is not None:
        session.info[REQUEST_ID] = request_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def _fingerprint(secret: Any) -> Any:
    if secret is None:
        return None
    return "sha256:" + hashlib.sha256(str(secret).encode()).hexdigest()[:12]


def _snapshot(obj: Any, *, previous: bool) -> dict[str, Any]:
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if previous and history.deleted:
            value = history.deleted[0]
        elif previous and history.added:
            continue
        else:
            value = state.attrs[attr.key].loaded_value
        values[attr.key] = (
            _fingerprint(value) if attr.key in SECRET_COLUMNS else _jsonable(value)
        )
    return values


def _identity(obj: Any) -> str:
    # The identity key is not set on new objects until the flush completes;
    # their primary key values already are.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key)


def _entry(session: Session, obj: Any, action: str, before: Any, after: Any) -> dict:
    return {
        "branch_id": getattr(obj, "branch_id", None),
        "actor_id": session.info.get(ACTOR_ID),
        "actor_label": session.info.get(ACTOR_LABEL),
        "entity": obj.__tablename__,
        "entity_id": _identity(obj),
        "action": action,
        "before": before,
        "after": after,
        "request_id": session.info.get(REQUEST_ID),
    }


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, flush_context: UOWTransaction) -> None:
    entries = []
    for obj in session.new:
        if not isinstance(obj, _NOT_AUDITED):
            entries.append(
                _entry(session, obj, "insert", None, _snapshot(obj, previous=False))
            )

    for obj in session.dirty:
        if isinstance(obj, _NOT_AUDITED) or not session.is_modified(obj):
            continue
        before = _snapshot(obj, previous=True)
        after = _snapshot(obj, previous=False)
        if before != after:
            entries.append(_entry(session, obj, "update", before, after))

    for obj in session.deleted:
        if not isinstance(obj, _NOT_AUDITED):
            entries.append(
                _entry(session, obj, "delete", _snapshot(obj, previous=True), None)
            )

    if entries:
        session.connection().execute(insert(AuditEntry), entries)
