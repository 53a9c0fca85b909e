"""On-site service: quotas, daily visit plans, visit and patrol forms, meetings."""
