"""Package data of orgkg (read with importlib.resources)."""
