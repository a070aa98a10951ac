"""Practising with a scripted teacher: scenarios, conditions, the engine and the practice service."""
