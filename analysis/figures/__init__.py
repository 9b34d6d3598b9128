"""Chart- and table-building functions for the chapters, one module per topic."""
