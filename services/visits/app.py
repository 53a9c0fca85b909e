"""The visits service: `uvicorn --factory services.visits.app:create_app`."""

from fastapi import FastAPI

from services.visits.compliance.router import router as compliance_router
from services.visits.forms.router import router as forms_router
from services.visits.imports.router import router as imports_router
from services.visits.meetings.router import router as meetings_router
from services.visits.plans.jobs import PREPARE_PLANS
from services.visits.plans.router import router as plans_router
from services.visits.policies.router import router as policies_router
from shared.app import create_service_app
from shared.calendar_overrides.router import router as calendar_router
from shared.quotas.router import quota_router
from shared.settings import Settings

VISIT_DUTIES = frozenset({"visit", "patrol"})


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        "visits",
        title="Branchdesk visits",
        routers=[
            quota_router(VISIT_DUTIES),
            calendar_router,
            policies_router,
            plans_router,
            forms_router,
            meetings_router,
            compliance_router,
            imports_router,
        ],
        jobs=[PREPARE_PLANS],
        settings=settings,
    )
