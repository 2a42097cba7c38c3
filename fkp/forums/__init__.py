"""A forum: its details, what it consults (services, aspects, drafts), its lifecycle, what the
projector shows, and the service library reused across forums."""
