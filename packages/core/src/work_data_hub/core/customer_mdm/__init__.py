"""Customer master data (spec customer-mdm.md): the SCD2 contract history, the monthly
snapshots at product-line and plan grain, the annual cutover and year initialisation,
computed from what the domains load. Everything here can be rebuilt from the facts."""
