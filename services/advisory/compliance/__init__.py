"""The compliance shape for sheet time limits."""
