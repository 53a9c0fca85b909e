"""The hotline service: `uvicorn --factory services.hotline.app:create_app`."""

from fastapi import FastAPI

from services.hotline.callbacks.router import router as callbacks_router
from services.hotline.compliance.router import router as compliance_router
from services.hotline.events.router import router as events_router
from services.hotline.handoff.client import AdvisoryClient
from services.hotline.handoff.jobs import handoff_retry_job
from services.hotline.handoff.router import router as handoff_router
from services.hotline.lines.router import router as lines_router
from services.hotline.plans.router import router as plans_router
from services.hotline.policy.router import router as policy_router
from services.hotline.tickets.jobs import TICKET_CLOCK_JOB
from services.hotline.tickets.router import router as tickets_router
from shared.app import create_service_app
from shared.quotas.router import quota_router
from shared.settings import Settings, get_settings

CALLBACK_DUTIES = frozenset({"callback"})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    state: dict[str, FastAPI] = {}

    def advisory() -> AdvisoryClient:
        # Tests put respx or the advisory app behind app.state.advisory_transport.
        app = state["app"]
        return AdvisoryClient(settings, getattr(app.state, "advisory_transport", None))

    app = create_service_app(
        "hotline",
        title="Branchdesk hotline",
        routers=[
            quota_router(CALLBACK_DUTIES),
            plans_router,
            callbacks_router,
            tickets_router,
            handoff_router,
            lines_router,
            events_router,
            policy_router,
            compliance_router,
        ],
        jobs=[TICKET_CLOCK_JOB, handoff_retry_job(advisory)],
        settings=settings,
    )
    state["app"] = app
    app.state.settings = settings
    app.state.advisory_transport = None
    return app
