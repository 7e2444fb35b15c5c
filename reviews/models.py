"""Reviews: panels, assignments, scores, decisions and announcements (the reviews issue)."""
