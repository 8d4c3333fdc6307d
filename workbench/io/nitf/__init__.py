"""NITF 2.1 / NSIF 1.0: reading and writing files, every segment type, and the image codecs.

Assets: ``image:N``, ``graphic:N`` (CGM bytes), ``text:N`` (text, TXTFMT), ``data:N`` (DES
payload bytes; XML such as SICD/SIDD is not parsed here), ``res:N`` (RES: RESDATA bytes, the
subheader's RE/RESID/RESVER/security/RESSHL/RESSHF as metadata; a data asset with a ``res:`` key
or a RESID is written as a RES, see :mod:`.segmentwrite`). File-header fields are the dataset's
metadata, subheader fields the asset's, under their MIL-STD-2500C short names and exactly the
vocabulary of osml-imagery-io (``IMAGE_INFO``/``GRAPHIC_INFO``/``TEXT_INFO``/``DES_INFO``/
``RES_INFO`` length lists, ``BAND_INFO`` per-band dicts, ``ICOM`` list); we also expose LUT bytes
as ``BAND_INFO[i]["LUTD"]`` (hex strings). Values read back as stored (padded strings); writing
accepts unpadded strings or ints and pads them, or raises MetadataError naming field and rule
before any byte is written. Field descriptions: :func:`workbench.io.nitf.fields.describe`.

TREs: keyed by tag (dict, RawTRE, or a list for repeats); ``_TRE_PLACEMENT`` records area and
order so an unchanged copy is byte-identical; new TREs go to the extended header (XHD/IXSHD/
SXSHD/TXSHD). TRE_OVERFLOW DESs are merged on read and generated on write (file header, image,
graphic and text segments; graphic/text subheaders hold at most 9,741/9,717 bytes of TREs). See :mod:`.tres` and :mod:`.writer` (which lists every field the writer sets
itself).

Pass-through: adding a reader's NITF image asset whose encoding hints are unchanged copies its
encoded bytes (mask table included) instead of decoding (:func:`.imagewrite._passthrough`).

Bit-packed pixels: NBPP=1 (PVTYPE B, from uint8 0/1; ask with NBPP=1 or PVTYPE=B) and NBPP=12
(INT/SI from 16-bit integers; ask with NBPP=12) are read and written for IC=NC/NM in every IMODE.

Where readers disagree (tests document each): GDAL expects per-band mask records for
multi-band IMODE B/R (:mod:`.masks`); GDAL 3.10 reads a 12-bit value v as
((v & 0xF) << 8) | (v >> 4) and reads bi-level images only as one block, and osml reads packed
edge blocks differently (:mod:`.codecs.uncompressed`); GDAL places IGEOLO at corner-pixel centres. Lenient on read: a
text/graphic subheader without its last length field and a blank DESSHL (osml-imagery-io writes
both).
"""
