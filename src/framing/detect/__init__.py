"""Stage 2, match: lexicon matches, quotes and attribution (voice), sentence sentiment over a parsed document."""
