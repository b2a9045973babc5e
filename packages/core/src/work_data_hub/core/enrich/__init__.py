"""Company-id resolution shared by every domain (enrichment spec)."""
