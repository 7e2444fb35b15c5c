"""The one place that changes proposals, split by who acts:

- `drafting`: the applicant's organisation, starting and saving drafts (version check).
- `submission`: submit, withdraw, reopen; reference numbers and submitted versions.
- `attachments`: upload (type checked from content) and removal.
- `screening`: eligibility, requests for more information, extensions.
"""
