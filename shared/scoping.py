"""Branch scoping applied to every ORM query of a staff member's session.

Once a request knows who is calling, `scope_session_to_branch` marks its
session; from then on every SELECT that touches a branch-scoped table is
filtered to the caller's branch. A record of another branch is then not
found, and the API answers 404 without revealing that it exists.
Head-office staff are not scoped.
"""

from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from shared.errors import NotFound
from shared.models.base import BranchScoped

SCOPE_KEY = "branch_scope"

# Execution options for the rare query that must look across branches, such as
# checking that a username is free brokerage-wide:
#     await session.scalar(query.execution_options(**ALL_BRANCHES))
ALL_BRANCHES = {"all_branches": True}

ModelT = TypeVar("ModelT")


def scope_session_to_branch(session: AsyncSession, branch_id: int | None) -> None:
    """Filter this session's queries to `branch_id`; None means all branches."""
    session.info[SCOPE_KEY] = branch_id


@event.listens_for(Session, "do_orm_execute")
def _filter_to_branch(state: ORMExecuteState) -> None:
    branch_id = state.session.info.get(SCOPE_KEY)
    if branch_id is None or not state.is_select:
        return

    if state.execution_options.get("all_branches"):
        return

    if state.is_column_load or state.is_relationship_load:
        return

    state.statement = state.statement.options(
        with_loader_criteria(
            BranchScoped,
            lambda cls: cls.branch_id == branch_id,
            include_aliases=True,
        )
    )


async def get_or_404(
    session: AsyncSession, model: type[ModelT], ident: Any, what: str
) -> ModelT:
    """Load one record by id within the caller's scope, or raise NotFound."""
    record = await session.get(model, ident)
    if record is None:
        raise NotFound(f"{what} {ident} was not found.")

    branch_id = session.info.get(SCOPE_KEY)
    if branch_id is not None and getattr(record, "branch_id", branch_id) != branch_id:
        # An object created earlier in this session is served from the
        # identity map without a query, so check the branch here too.
        raise NotFound(f"{what} {ident} was not found.")

    return record
