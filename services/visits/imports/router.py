"""Import of clients and rooms from the branch's spreadsheets (CSV or XLSX)."""

from typing import Annotated

from fastapi import APIRouter, Depends, UploadFile

from services.visits.imports.schemas import ImportResult
from services.visits.imports.service import import_clients, import_rooms
from shared.auth.dependencies import require_roles
from shared.db import SessionDep
from shared.errors import InvalidInput, field_error
from shared.models.org import Staff
from shared.roles import Role

router = APIRouter(prefix="/imports", tags=["imports"])

AdminOrSupervisor = Annotated[
    Staff, Depends(require_roles(Role.ADMIN, Role.SUPERVISOR))
]

MAX_BYTES = 5 * 1024 * 1024


async def _content(file: UploadFile) -> bytes:
    content = await file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise InvalidInput(
            "The file is larger than 5 MB.",
            [field_error(("body", "file"), "larger than 5 MB", "value_error")],
        )
    return content


@router.post("/clients", response_model=ImportResult)
async def import_client_file(
    file: UploadFile, session: SessionDep, staff: AdminOrSupervisor
) -> ImportResult:
    """Columns: full_name, phone, id_number, account_no, tier, segment,
    risk_level, opened_on (YYYY-MM-DD), and optionally manager_username,
    room_name, do_not_call. All rows are imported, or none."""
    content = await _content(file)
    count = await import_clients(session, staff.branch_id, file.filename or "", content)
    return ImportResult(imported=count)


@router.post("/rooms", response_model=ImportResult)
async def import_room_file(
    file: UploadFile, session: SessionDep, staff: AdminOrSupervisor
) -> ImportResult:
    """Columns: name, kind (hall, medium, large, vip). All rows, or none."""
    content = await _content(file)
    count = await import_rooms(session, staff.branch_id, file.filename or "", content)
    return ImportResult(imported=count)
