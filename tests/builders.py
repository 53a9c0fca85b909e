"""Small builders for the core records most tests need."""

import itertools
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth.passwords import hash_password_sync
from shared.auth.tokens import issue_token
from shared.models import (
    Branch,
    Client,
    ClientSegment,
    ClientTier,
    RiskLevel,
    Room,
    RoomKind,
    Staff,
)
from shared.roles import Role
from shared.settings import get_settings

PASSWORD = "correct horse battery"
PASSWORD_HASH = hash_password_sync(PASSWORD)

_numbers = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_numbers)}"


async def make_branch(session: AsyncSession, name: str = "测试营业部") -> Branch:
    branch = Branch(code=unique("BR"), name=name, timezone="Asia/Shanghai")
    session.add(branch)
    await session.flush()
    return branch


async def make_staff(
    session: AsyncSession,
    branch: Branch,
    *roles: Role,
    qualification: str | None = None,
    name: str = "张伟",
) -> Staff:
    staff = Staff(
        branch_id=branch.id,
        username=unique("user"),
        full_name=name,
        roles=list(roles),
        adviser_qualification_no=qualification,
        password_hash=PASSWORD_HASH,
    )
    session.add(staff)
    await session.flush()
    return staff


async def make_room(
    session: AsyncSession, branch: Branch, kind: RoomKind = RoomKind.HALL
) -> Room:
    room = Room(branch_id=branch.id, name=unique("室"), kind=kind)
    session.add(room)
    await session.flush()
    return room


async def make_client(
    session: AsyncSession,
    branch: Branch,
    *,
    tier: ClientTier = ClientTier.RETAIL,
    segment: ClientSegment = ClientSegment.ON_SITE,
    risk_level: RiskLevel = RiskLevel.C3,
    manager: Staff | None = None,
    opened_on: date = date(2020, 1, 1),
    **extra: object,
) -> Client:
    client = Client(
        branch_id=branch.id,
        full_name="李娜",
        phone="13812345678",
        id_number="310101199001011234",
        account_no=unique("9"),
        tier=tier,
        segment=segment,
        risk_level=risk_level,
        manager_id=manager.id if manager else None,
        opened_on=opened_on,
        **extra,
    )
    session.add(client)
    await session.flush()
    return client


def auth(staff: Staff) -> dict[str, str]:
    """Bearer headers for `staff`, without the cost of a password login."""
    token = issue_token(staff.id, staff.branch_id, get_settings()).access_token
    return {"Authorization": f"Bearer {token}"}
