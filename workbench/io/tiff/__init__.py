"""TIFF, BigTIFF, GeoTIFF and Cloud Optimized GeoTIFF reading and writing."""
