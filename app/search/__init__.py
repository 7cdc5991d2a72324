"""The search index: a Whoosh index derived from the directory, rebuildable at any time."""
