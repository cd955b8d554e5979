"""The plan's lifecycle and review: submissions, pre-submit checks, comments, history."""
