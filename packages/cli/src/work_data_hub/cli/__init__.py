"""WorkDataHub command line: parses, calls core, renders. No business logic here."""
