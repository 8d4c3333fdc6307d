"""A TRE-only save of a compressed NITF copies the codestream: it takes less time than decoding
a single block of it, and the image data bytes are identical."""

import shutil
import time

from workbench.io.core.io import IO
from workbench.jobs.metadata import CommandStack, MetadataDocument, SetValue, save_document

from metadata_nitf_files import write_nitf


def test_tre_only_save_of_a_jpeg2000_nitf_does_not_decode_it(tmp_path):
    src = tmp_path / "big_c8.ntf"
    write_nitf(src, ic="C8", size=(2048, 2048), block=1024)
    with IO.open([str(src)]) as reader:
        image = reader.get_asset("image:0")
        assert image.metadata["IC"] == "C8"
        t0 = time.perf_counter()
        image.get_block(0, 0)
        decode_one_block = time.perf_counter() - t0
    t0 = time.perf_counter()
    shutil.copyfile(src, tmp_path / "copy.ntf")
    copy_time = time.perf_counter() - t0

    doc = MetadataDocument.open(src)
    CommandStack(doc).push(SetValue(("image:0", "ICHIPB", "FI_ROW"), "2048"))
    out = tmp_path / "out.ntf"
    t0 = time.perf_counter()
    save_document(doc, str(out))
    save_time = time.perf_counter() - t0

    print(f"decode 1 of 4 blocks {decode_one_block * 1e3:.1f} ms, copy {copy_time * 1e3:.1f} ms, "
          f"save {save_time * 1e3:.1f} ms")
    assert save_time < decode_one_block
    assert save_time < copy_time + 0.25   # header parsing and fsync on top of the copy
    with IO.open([str(src)]) as a, IO.open([str(out)]) as b:
        assert bytes(a.get_asset("image:0").segment_data) == \
               bytes(b.get_asset("image:0").segment_data)
        assert b.get_asset("image:0").metadata["ICHIPB"]["FI_ROW"] == "00002048"
