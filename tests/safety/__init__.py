"""Tests of the framework-free danger detector (bot/safety)."""
