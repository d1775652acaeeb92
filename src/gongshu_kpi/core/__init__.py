"""Pure domain core: models, units, periods, arithmetic, checks — no I/O."""
