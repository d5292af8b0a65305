"""Foundations every stage may use: plain record types, errors, configuration, table writers."""
