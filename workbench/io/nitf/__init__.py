"""NITF 2.1 / NSIF 1.0 container: reading and writing files, segments, and the image codecs."""
