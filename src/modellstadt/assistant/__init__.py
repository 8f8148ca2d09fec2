"""Local idea assistant: field suggestion, duplicates, topics, thread summaries, spam score."""
