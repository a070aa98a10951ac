"""The data every step reads: the Conversation, analysis results, the move vocabulary, errors."""
