"""The researchers' side of the archive: queries (``queries``), exports (``export``), charts
(``plot``) and the archive in Datasette (``serve``). Read-only over :mod:`pipelines.archive`."""
