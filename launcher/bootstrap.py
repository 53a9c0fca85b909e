"""Opens a new branch with its first administrator, for a fresh deployment.

Everything after that (staff accounts, rooms, imports) is done in the app by
that administrator.
"""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.audit import act_as
from shared.auth.passwords import hash_password
from shared.errors import Conflict
from shared.models import Branch, Staff
from shared.roles import Role

MIN_PASSWORD_LENGTH = 12


async def open_branch(
    session: AsyncSession,
    *,
    code: str,
    name: str,
    timezone: str,
    admin_username: str,
    admin_name: str,
    admin_password: str,
) -> Branch:
    if len(admin_password) < MIN_PASSWORD_LENGTH:
        raise ValueError(
            f"the administrator's password needs {MIN_PASSWORD_LENGTH} characters"
        )

    admin_username = admin_username.strip().lower()
    act_as(session, label="bootstrap")
    if await session.scalar(select(func.count()).where(Branch.code == code)):
        raise Conflict(f"A branch with code {code} exists already.")
    if await session.scalar(
        select(func.count()).where(Staff.username == admin_username)
    ):
        raise Conflict(f"The username {admin_username} is taken.")

    branch = Branch(code=code, name=name, timezone=timezone)
    session.add(branch)
    await session.flush()
    session.add(
        Staff(
            branch_id=branch.id,
            username=admin_username,
            full_name=admin_name,
            roles=[Role.ADMIN],
            password_hash=await hash_password(admin_password),
        )
    )
    await session.flush()
    return branch
