"""Import of the branch's existing spreadsheets (CSV or XLSX): clients and
rooms. Every row is checked before anything is written; a file with any bad
row is refused whole, naming each bad row (numbered as the spreadsheet shows
them: the header is row 1) and what is wrong with it.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TypeVar

import structlog
from openpyxl import load_workbook
from pydantic import BaseModel, ValidationError
from sqlalchemy import any_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.visits.imports.errors import ImportCollided, ImportRefused
from services.visits.imports.schemas import ClientRow, RoomRow
from shared.errors import InvalidInput, field_error
from shared.models.clients import Client
from shared.models.org import Room, Staff
from shared.roles import Role

log = structlog.get_logger(__name__)

MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"

RowT = TypeVar("RowT", bound=BaseModel)
Errors = list[dict[str, Any]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unreadable(message: str) -> InvalidInput:
    return InvalidInput(message, [field_error(("file",), message, "value_error")])


def read_table(filename: str, content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each non-empty data row."""
    if content.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception as exc:
            raise _unreadable("the file is not a readable XLSX workbook") from exc
        rows = (
            [_cell(value) for value in row]
            for row in workbook.worksheets[0].iter_rows(values_only=True)
        )
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _unreadable("a CSV file must be encoded in UTF-8") from exc
        rows = ([cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)))

    header = next(rows, None)
    if not header:
        raise _unreadable("the file has no header row")
    columns = [name.strip().lower() for name in header]
    for number, cells in enumerate(rows, start=2):
        if not any(cells):
            continue
        if number > MAX_ROWS + 1:
            raise _unreadable(f"a file holds at most {MAX_ROWS} rows")
        yield (
            number,
            {
                column: cells[index] if index < len(cells) else ""
                for index, column in enumerate(columns)
                if column
            },
        )


def _parse(
    rows: list[tuple[int, dict[str, str]]], schema: type[RowT], errors: Errors
) -> list[tuple[int, RowT]]:
    known = set(schema.model_fields)
    if not rows:
        raise _unreadable("the file has a header but no rows to import")

    # A misspelt column would otherwise be dropped in silence and its values
    # with it; refuse the file and say which header to fix.
    unknown = sorted(set(rows[0][1]) - known)
    if unknown:
        raise _unreadable(
            f"unknown columns: {', '.join(unknown)}; the known columns are "
            f"{', '.join(schema.model_fields)}"
        )

    parsed = []
    for number, values in rows:
        try:
            parsed.append(
                (
                    number,
                    schema.model_validate(
                        {k: v for k, v in values.items() if k in known}
                    ),
                )
            )
        except ValidationError as exc:
            for error in exc.errors():
                column = error["loc"][0] if error["loc"] else ""
                errors.append(
                    field_error(
                        ("file", "row", number, column), error["msg"], error["type"]
                    )
                )
    return parsed


async def _flush_import(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        # The rows were checked; only a concurrent import of the same rooms or
        # accounts, committed in between, can collide now.
        raise ImportCollided(
            "Another import wrote some of these rows meanwhile; nothing was "
            "imported. Send the file again to see which rows exist now."
        ) from exc


def _row_error(errors: Errors, number: int, column: str, message: str) -> None:
    errors.append(field_error(("file", "row", number, column), message, "value_error"))


async def import_rooms(
    session: AsyncSession, branch_id: int, filename: str, content: bytes
) -> int:
    errors: Errors = []
    rows = _parse(list(read_table(filename, content)), RoomRow, errors)
    taken = set(
        await session.scalars(select(Room.name).where(Room.branch_id == branch_id))
    )
    seen: set[str] = set()
    for number, row in rows:
        if row.name in taken:
            _row_error(errors, number, "name", "the branch already has this room")
        elif row.name in seen:
            _row_error(errors, number, "name", "the room appears twice in the file")
        seen.add(row.name)
    if errors:
        raise ImportRefused(errors)

    session.add_all(
        Room(branch_id=branch_id, name=row.name, kind=row.kind) for _, row in rows
    )
    await _flush_import(session)
    log.info("import.rooms", branch_id=branch_id, count=len(rows))
    return len(rows)


async def import_clients(
    session: AsyncSession, branch_id: int, filename: str, content: bytes
) -> int:
    errors: Errors = []
    rows = _parse(list(read_table(filename, content)), ClientRow, errors)

    managers = {
        staff.username: staff.id
        for staff in await session.scalars(
            select(Staff).where(
                Staff.branch_id == branch_id,
                Staff.is_active,
                any_(Staff.roles) == Role.CLIENT_MANAGER,
            )
        )
    }
    rooms = {
        room.name: room.id
        for room in await session.scalars(
            select(Room).where(Room.branch_id == branch_id, Room.is_active)
        )
    }
    # Account numbers are unique across the brokerage, not only the branch.
    accounts = [row.account_no for _, row in rows]
    existing = set(
        await session.scalars(
            select(Client.__table__.c.account_no).where(
                Client.__table__.c.account_no.in_(accounts)
            )
        )
    )
    seen: set[str] = set()
    for number, row in rows:
        if row.account_no in existing:
            _row_error(
                errors, number, "account_no", "this account number exists already"
            )
        elif row.account_no in seen:
            _row_error(
                errors, number, "account_no", "the account appears twice in the file"
            )
        seen.add(row.account_no)
        if row.manager_username and row.manager_username not in managers:
            _row_error(
                errors, number, "manager_username", "not a client manager of the branch"
            )
        if row.room_name and row.room_name not in rooms:
            _row_error(errors, number, "room_name", "not a room of the branch")
    if errors:
        raise ImportRefused(errors)

    session.add_all(
        Client(
            branch_id=branch_id,
            full_name=row.full_name,
            phone=row.phone,
            id_number=row.id_number.upper(),
            account_no=row.account_no,
            tier=row.tier,
            segment=row.segment,
            risk_level=row.risk_level,
            manager_id=managers.get(row.manager_username or ""),
            room_id=rooms.get(row.room_name or ""),
            opened_on=row.opened_on,
            do_not_call=row.do_not_call,
        )
        for _, row in rows
    )
    await _flush_import(session)
    log.info("import.clients", branch_id=branch_id, count=len(rows))
    return len(rows)
