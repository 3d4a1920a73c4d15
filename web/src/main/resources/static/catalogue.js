// catalogue management helpers (filled in later)
