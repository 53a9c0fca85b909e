"""The demo branch: synthetic people on real A-share listings, loaded once."""
