"""`domains new`: a new domain's folder, its data-source block and its migration."""
