import pytest

from workbench.jobs.hints import image_hints
from workbench.jobs.options import ExportOptions
from workbench.jobs.validate import ImageFacts, validate_options

RGB8 = ImageFacts(4096, 4096, 3, "uint8", 8)
PAN16 = ImageFacts(4096, 4096, 1, "uint16", 11)


def fields(options, facts=RGB8):
    return {p.field for p in validate_options(options, facts)}


def test_defaults_of_every_format_are_valid():
    for fmt in ("nitf", "nsif", "tiff", "jp2", "j2k", "png", "jpeg"):
        assert validate_options(ExportOptions(format=fmt), RGB8) == []


@pytest.mark.parametrize("options, field", [
    (ExportOptions(compression="C3", imode="R"), "imode"),
    (ExportOptions(compression="M3", imode="R"), "imode"),
    (ExportOptions(compression="C8", imode="P"), "imode"),
    (ExportOptions(compression="CD", imode="S"), "imode"),
    (ExportOptions(compression="I1"), "compression"),              # 4096 > 2048
    (ExportOptions(compression="C8", comrat="N1.0"), "comrat"),
    (ExportOptions(compression="NC", comrat="N001.0"), "comrat"),
    (ExportOptions(compression="C8", quality=85), "quality"),
    (ExportOptions(compression="C3", quality=0), "quality"),
    (ExportOptions(compression="C8", j2k_levels=33), "j2k_levels"),
    (ExportOptions(compression="C3", j2k_layers=3), "j2k_layers"),
    (ExportOptions(format="tiff", block_size=(250, 256)), "block_size"),
    (ExportOptions(format="tiff", compression="None", predictor="Horizontal"), "predictor"),
    (ExportOptions(format="tiff", compression="PackBits", predictor="Horizontal"), "predictor"),
    (ExportOptions(format="png", block_size=(256, 256)), "block_size"),
    (ExportOptions(format="png", overviews=-1), "overviews"),
    (ExportOptions(format="tiff", rset_levels=2), "rset_levels"),
    (ExportOptions(format="jp2", comrat="N001.0"), "comrat"),
    (ExportOptions(format="jp2", j2k_ratio=20), "j2k_ratio"),      # lossless: no ratio
    (ExportOptions(format="tiff", compression="C8"), "compression"),
    (ExportOptions(format="nitf", block_size=(9000, 1024)), "block_size"),
    (ExportOptions(format="bmp"), "format"),
    (ExportOptions(bands=[0, 3]), "bands"),
])
def test_incompatible_options_are_reported_by_field(options, field):
    assert field in fields(options)


def test_i1_fits_small_images_and_quicklooks():
    small = ImageFacts(2048, 2000, 3, "uint8", 8)
    assert validate_options(ExportOptions(compression="I1"), small) == []
    assert fields(ExportOptions(compression="I1", max_size=2048)) == set()


def test_jpeg_needs_8_bit_unless_stretched():
    assert "compression" in fields(ExportOptions(compression="C3"), PAN16)
    assert "format" in fields(ExportOptions(format="jpeg"), PAN16)
    assert fields(ExportOptions(compression="C3", stretch=True), PAN16) == set()
    assert fields(ExportOptions(format="png"), ImageFacts(10, 10, 1, "float32")) == {"format"}


def test_j2k_refuses_float_pixels():
    assert "compression" in fields(ExportOptions(compression="C8"),
                                   ImageFacts(64, 64, 1, "float32"))


def test_nitf_hints_are_the_spec_fields():
    hints = image_hints(ExportOptions(compression="C8", comrat="V020.0", j2k_levels=6,
                                      j2k_layers=3, block_size=(512, 256)))
    assert hints == {"IC": "C8", "IMODE": "B", "NPPBH": "512", "NPPBV": "256",
                     "COMRAT": "V020.0", "J2K_DECOMPOSITION_LEVELS": "6",
                     "J2K_QUALITY_LAYERS": "3"}
    assert image_hints(ExportOptions(compression="C3", quality=85))["COMRAT"] == "85.0"
    assert "COMRAT" not in image_hints(ExportOptions(compression="NC"))


def test_tiff_hints_use_numeric_tags():
    hints = image_hints(ExportOptions(format="tiff", compression="LZW", block_size=(512, 512)))
    assert hints == {"259": 5, "322": "512", "323": "512", "317": 2}
    assert image_hints(ExportOptions(format="tiff", compression="None"))["317"] == 1


def test_options_round_trip_through_dicts():
    options = ExportOptions(format="nitf", compression="CD", comrat="V003.0",
                            block_size=(512, 512), bands=[2, 1, 0])
    assert ExportOptions.from_dict(options.to_dict()) == options
    with pytest.raises(ValueError, match="unknown field"):
        ExportOptions.from_dict({"format": "png", "colour": "red"})
