"""The directory of support: entries, their validation, storage and file formats.

SQLite is the source of truth; nothing here imports Flask or the search index.
"""
