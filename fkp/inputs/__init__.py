"""Attendees' input: comments (the only writer of that table), moderation, supports, the chat
import, and what a reconnecting page missed."""
