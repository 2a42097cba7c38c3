"""People: attendees (participants), staff accounts (users), and personal data under UU PDP."""
