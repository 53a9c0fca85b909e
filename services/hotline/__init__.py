"""Off-site service: callbacks, the two hotlines' tickets, client events."""
