"""What a block may ask for beyond the result: worked numbers (values) and entry-by-entry expansions (expand)."""
