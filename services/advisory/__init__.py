"""Consultation sheets between client managers and analysts, and reports."""
