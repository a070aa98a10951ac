"""Files at convocoach's edges: bounded reading and decoding, YAML with positions, records, schemas."""
