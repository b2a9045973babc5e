"""Importing the legacy MySQL warehouse: each domain declares the legacy tables that held
its data; the importer runs the domain's own cleaning and loading on them month by month."""
