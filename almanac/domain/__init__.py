"""The domain: the model and pure queries over it. No typer, no rich, no printing."""
