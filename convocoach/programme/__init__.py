"""Certificate programmes: assignments, attempts, submissions, grading and personal progress."""
