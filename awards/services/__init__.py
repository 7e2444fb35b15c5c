"""The one place that changes the awards app's state; one module per part of a grant's life."""
