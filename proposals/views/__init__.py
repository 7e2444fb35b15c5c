"""Proposal pages: `applicant` (writing and submitting), `attachments`, `officer`."""
