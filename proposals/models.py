"""Proposals: applicants' proposals, attachments and answers (built in the proposals issue)."""
