"""Journey definitions: the versioned document, its node types, validation, import and export.

The engine that runs a journey and the canvas that draws it both build on this package.
"""
