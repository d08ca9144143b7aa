"""MDS codes for coded matrix-vector products: encode, place coded blocks, decode."""

from coding._exceptions import CodingError

__all__ = ["CodingError"]
