"""The advisory service: `uvicorn --factory services.advisory.app:create_app`."""

from fastapi import FastAPI

from services.advisory.compliance.router import router as compliance_router
from services.advisory.policies.router import router as policy_router
from services.advisory.queue.jobs import EXPIRE_LEASES
from services.advisory.queue.router import router as queue_router
from services.advisory.reports.router import router as reports_router
from services.advisory.sheets.jobs import MARK_OVERDUE, MARK_UNDELIVERED
from services.advisory.sheets.router import router as sheets_router
from shared.app import create_service_app
from shared.settings import Settings

JOBS = [EXPIRE_LEASES, MARK_OVERDUE, MARK_UNDELIVERED]


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        "advisory",
        title="Branchdesk advisory",
        routers=[
            sheets_router,
            queue_router,
            reports_router,
            policy_router,
            compliance_router,
        ],
        jobs=JOBS,
        settings=settings,
    )
