"""Finding a domain's source file for a period: version folders, patterns, exclusions."""

from work_data_hub.core.discovery.finder import Discovery, ExcludedFile, discover

__all__ = ["Discovery", "ExcludedFile", "discover"]
