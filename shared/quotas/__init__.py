"""Daily quotas per branch, role and duty (see service.py)."""

from shared.quotas.service import QuotaTimeline, quota_timeline, set_quota

__all__ = ["QuotaTimeline", "quota_timeline", "set_quota"]
