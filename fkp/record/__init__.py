"""The record after the forum: responses and decisions, follow-ups, photos, and the minutes
model every document is laid out from."""
