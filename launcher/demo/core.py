"""The demo branch's people, rooms, clients and holdings.

Proportions follow a typical retail branch: most clients trade off-site, most
are retail, a few percent are high-end. Everything is synthetic except the
A-share listings the holdings are drawn from.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.demo.people import chinese_name, id_number, mobile_phone
from shared.audit import act_as
from shared.auth.passwords import hash_password
from shared.models import (
    Branch,
    Client,
    ClientSegment,
    ClientTier,
    Holding,
    Listing,
    RiskLevel,
    Room,
    RoomKind,
    Staff,
)
from shared.roles import Role

KeyT = TypeVar("KeyT")

DEMO_PASSWORD = "branchdesk"
DEMO_BRANCH_CODE = "SH-PUDONG-DEMO"

# (username prefix, count, roles, has an adviser qualification number)
STAFF_PLAN: tuple[tuple[str, int, tuple[Role, ...], bool], ...] = (
    ("manager", 8, (Role.CLIENT_MANAGER,), False),
    ("analyst", 5, (Role.ANALYST,), True),
    ("trainee", 1, (Role.ANALYST,), False),
    ("callback", 4, (Role.CALLBACK_AGENT,), False),
    ("hotline", 4, (Role.HOTLINE_AGENT,), False),
    ("broker", 4, (Role.BROKER,), False),
    ("supervisor", 2, (Role.SUPERVISOR,), False),
)

ROOMS = (
    ("散户大厅", RoomKind.HALL),
    ("中户室一", RoomKind.MEDIUM),
    ("中户室二", RoomKind.MEDIUM),
    ("大户室A", RoomKind.LARGE),
    ("大户室B", RoomKind.LARGE),
    ("大户室C", RoomKind.LARGE),
    ("VIP室一", RoomKind.VIP),
    ("VIP室二", RoomKind.VIP),
)
ROOM_KIND_FOR_TIER = {
    ClientTier.RETAIL: RoomKind.HALL,
    ClientTier.MEDIUM: RoomKind.MEDIUM,
    ClientTier.LARGE: RoomKind.LARGE,
    ClientTier.HIGH_END: RoomKind.VIP,
}
TIER_WEIGHTS = {
    ClientTier.RETAIL: 70,
    ClientTier.MEDIUM: 18,
    ClientTier.LARGE: 9,
    ClientTier.HIGH_END: 3,
}
RISK_WEIGHTS = {
    RiskLevel.C1: 10,
    RiskLevel.C2: 20,
    RiskLevel.C3: 35,
    RiskLevel.C4: 25,
    RiskLevel.C5: 10,
}
ON_SITE_SHARE = {
    ClientTier.RETAIL: 0.3,
    ClientTier.MEDIUM: 0.55,
    ClientTier.LARGE: 0.6,
    ClientTier.HIGH_END: 0.5,
}


@dataclass
class CoreDemo:
    branch: Branch
    staff: dict[str, Staff]
    rooms: list[Room]
    clients: list[Client]

    @classmethod
    async def reload(cls, session: AsyncSession) -> "CoreDemo":
        """The demo branch as stored, for sections loaded in a later run."""
        branch = await session.scalar(
            select(Branch).where(Branch.code == DEMO_BRANCH_CODE)
        )
        if branch is None:
            raise LookupError("the demo branch has not been loaded")

        staff = await session.scalars(
            select(Staff).where(Staff.branch_id == branch.id).order_by(Staff.id)
        )
        rooms = await session.scalars(
            select(Room).where(Room.branch_id == branch.id).order_by(Room.id)
        )
        clients = await session.scalars(
            select(Client).where(Client.branch_id == branch.id).order_by(Client.id)
        )
        return cls(branch, {s.username: s for s in staff}, list(rooms), list(clients))


def _pick(rng: random.Random, weights: dict[KeyT, int]) -> KeyT:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


async def _add_staff(
    session: AsyncSession, branch: Branch, rng: random.Random
) -> dict[str, Staff]:
    password_hash = await hash_password(DEMO_PASSWORD)
    staff: dict[str, Staff] = {}
    for prefix, count, roles, qualified in STAFF_PLAN:
        for number in range(1, count + 1):
            username = f"{prefix}{number}"
            staff[username] = Staff(
                branch_id=branch.id,
                username=username,
                full_name=chinese_name(rng),
                roles=list(roles),
                adviser_qualification_no=(
                    f"A{rng.randrange(10**12):012d}" if qualified else None
                ),
                password_hash=password_hash,
            )
    # Small branches double up: one manager is also a broker.
    staff["manager8"].roles = [Role.CLIENT_MANAGER, Role.BROKER]
    staff["admin"] = Staff(
        branch_id=branch.id,
        username="admin",
        full_name=chinese_name(rng),
        roles=[Role.ADMIN],
        password_hash=password_hash,
    )
    session.add_all(staff.values())
    await session.flush()
    return staff


def _new_client(
    rng: random.Random,
    branch: Branch,
    today: date,
    account_no: str,
    managers: list[Staff],
    brokers: list[Staff],
    rooms_by_kind: dict[RoomKind, list[Room]],
) -> Client:
    tier = _pick(rng, TIER_WEIGHTS)
    on_site = rng.random() < ON_SITE_SHARE[tier]
    # About forty accounts a month are new: callback plans call them first.
    opened_days_ago = (
        rng.randrange(30) if rng.random() < 0.03 else rng.randrange(30, 3650)
    )
    return Client(
        branch_id=branch.id,
        full_name=chinese_name(rng),
        phone=mobile_phone(rng),
        id_number=id_number(rng),
        account_no=account_no,
        tier=tier,
        segment=ClientSegment.ON_SITE if on_site else ClientSegment.OFF_SITE,
        risk_level=_pick(rng, RISK_WEIGHTS),
        manager_id=rng.choice(managers).id,
        broker_id=(
            rng.choice(brokers).id
            if tier in (ClientTier.HIGH_END, ClientTier.LARGE)
            else None
        ),
        room_id=rng.choice(rooms_by_kind[ROOM_KIND_FOR_TIER[tier]]).id
        if on_site
        else None,
        opened_on=today - timedelta(days=opened_days_ago),
        do_not_call=(not on_site) and rng.random() < 0.03,
    )


def _holdings_for(
    rng: random.Random, client: Client, listings: list[Listing], today: date
) -> list[Holding]:
    lots_scale = {
        ClientTier.RETAIL: 5,
        ClientTier.MEDIUM: 30,
        ClientTier.LARGE: 120,
        ClientTier.HIGH_END: 400,
    }[client.tier]
    holdings = []
    for listing in rng.sample(listings, rng.randint(1, 5)):
        price = Decimal(listing.price_level_cny)
        lots = max(
            1, int(lots_scale * rng.uniform(0.2, 1.5) * 100 / max(float(price), 5))
        )
        cost = (price * Decimal(str(rng.uniform(0.75, 1.25)))).quantize(
            Decimal("0.001")
        )
        holdings.append(
            Holding(
                branch_id=client.branch_id,
                client_id=client.id,
                code=listing.code,
                quantity=lots * 100,
                cost_price=cost,
                as_of=today,
            )
        )
    return holdings


async def load_core_demo(
    session: AsyncSession,
    *,
    scale: float = 1.0,
    seed: int = 20261203,
    today: date | None = None,
) -> CoreDemo:
    """The branch, its staff and rooms, `1500 * scale` clients with holdings.

    Staff and rooms are always complete, so every demo account exists at any
    scale; tests use a small scale to stay quick.
    """
    rng = random.Random(seed)
    today = today or date.today()
    act_as(session, label="demo")

    branch = Branch(
        code=DEMO_BRANCH_CODE, name="上海浦东示范营业部", timezone="Asia/Shanghai"
    )
    session.add(branch)
    await session.flush()

    staff = await _add_staff(session, branch, rng)
    rooms = [Room(branch_id=branch.id, name=name, kind=kind) for name, kind in ROOMS]
    session.add_all(rooms)
    await session.flush()

    rooms_by_kind: dict[RoomKind, list[Room]] = {}
    for room in rooms:
        rooms_by_kind.setdefault(room.kind, []).append(room)
    managers = [s for s in staff.values() if Role.CLIENT_MANAGER in s.roles]
    brokers = [s for s in staff.values() if Role.BROKER in s.roles]
    clients = [
        _new_client(
            rng, branch, today, f"31{number:010d}", managers, brokers, rooms_by_kind
        )
        for number in range(1, int(1500 * scale) + 1)
    ]
    session.add_all(clients)
    await session.flush()

    listings = list(await session.scalars(select(Listing).order_by(Listing.code)))
    for client in clients:
        session.add_all(_holdings_for(rng, client, listings, today))
    await session.flush()
    return CoreDemo(branch=branch, staff=staff, rooms=rooms, clients=clients)
