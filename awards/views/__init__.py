"""The awards app's pages, one module per part of a grant's life (each view declares its
access rule with portal.access.guard)."""
