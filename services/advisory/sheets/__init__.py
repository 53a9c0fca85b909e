"""Consultation sheets: the manager's side, the answer and the delivery."""
