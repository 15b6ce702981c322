"""Rendering: records for machines, text for pipes, tables for terminals."""
