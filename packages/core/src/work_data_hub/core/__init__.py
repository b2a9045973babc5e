"""WorkDataHub core: everything that touches data. No CLI and no Dagster code lives here."""
