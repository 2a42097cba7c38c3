"""Staff pages, one blueprint each: forum overview, setup, accounts, service library, attendance,
chat import, documents, the record (responses, conclusions), the revised standard and follow-ups."""
