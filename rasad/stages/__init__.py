"""The pipeline's stages: each one a callable ``stage(doc) -> doc``."""
