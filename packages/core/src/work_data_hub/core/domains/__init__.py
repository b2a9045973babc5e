"""Domains: one folder per data kind, each declaring its spec once; see ``registry``."""
