"""Files in: walk and hash (feed) → extract in a worker → describe (metadata) → import."""
