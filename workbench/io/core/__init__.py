"""Format-independent core of the IO library: types, providers, datasets, registry."""
