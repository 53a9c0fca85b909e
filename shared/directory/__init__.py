"""Read access to the branch's staff, rooms and clients, for every service."""
