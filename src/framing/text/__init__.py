"""Stage 1, load -> repair -> segment: files into documents, cleaned text, segments, sentences and tokens."""
