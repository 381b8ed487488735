"""Output targets: one module per output, each escaping for its own context."""
