"""Domain manual_adjustment: sheet 灌入数据 → business.手工调整."""
