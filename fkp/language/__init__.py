"""Language: cleaning what people type, the interface's message catalogs, Indonesian wording
for official documents, and Indonesia's time zones."""
