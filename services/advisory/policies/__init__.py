"""The branch's advisory policy: time limits and the claim lease."""
