"""Analysis reports for off-site clients."""
