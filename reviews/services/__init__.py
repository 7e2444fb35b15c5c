"""The one place that changes review data, split by step:

- `panels`: reviewer profiles, a call's panel, caps and loads.
- `conflicts`: conflicts of interest found automatically, and the assignments they end.
- `assignment`: assigning a reviewer by hand, and ending an assignment.
- `automatic`: the automatic assignment (a plan from the solver, then applied).
- `scoring`: the reviewer's declaration, saving and submitting reviews.
- `decisions`: the committee's decisions within the budget.
- `publication`: publishing the results, once.
- `appeals`: appeals against published results, and the numbered amendments they publish.

State changes of assignments and reviews go through the tables of `reviews.states`.
"""
