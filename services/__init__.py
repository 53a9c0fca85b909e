"""The three Branchdesk services, one FastAPI app each."""
