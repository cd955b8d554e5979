"""Headquarters opens a period's planning round and its half-year revision round in one step."""
