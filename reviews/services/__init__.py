"""The one place that changes review data, split by step:

- `assignment`: reviewer profiles, panels, conflicts, assigning by hand and automatically.
- `scoring`: conflict declarations, saving and submitting reviews.
- `decisions`: the committee's decisions within the budget.
- `publication`: publishing the results, once.
"""
