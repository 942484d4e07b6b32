"""Plain-text utilities shared by chunking, answering and verification."""
