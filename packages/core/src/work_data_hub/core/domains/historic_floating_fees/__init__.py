"""Domain historic_floating_fees: sheet 历史浮费 → finance.历史浮费."""
