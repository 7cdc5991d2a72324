"""The chat pipeline: understand a young person's words, check for risk, signpost with reasons.

Pure Python: nothing in chat/ imports Flask, and nothing here stores or logs what people type.
"""
