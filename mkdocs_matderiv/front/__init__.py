"""Where blocks come in and pages go out: fences, the MkDocs plugin, the command line, the cache."""
