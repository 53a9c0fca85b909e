"""The analysts' queue of submitted sheets and its claims."""
