"""Readers: turn paths (files, directories, JSONL, WARC, archives, stdin) into a stream of RawDoc or errors."""

from rasad.read.decode import decode_bytes, decode_html_bytes
from rasad.read.files import iter_inputs, read_path

__all__ = ["decode_bytes", "decode_html_bytes", "iter_inputs", "read_path"]
