import json

import pytest

from workbench.jobs.options import ExportOptions
from workbench.jobs.presets import Preset, PresetStore, builtin_presets

REQUIRED = {"nitf-j2k-lossless", "nitf-htj2k-visually-lossless", "nitf-jpeg-85", "cog-deflate",
            "geotiff-lzw", "png-quicklook"}


def test_builtin_presets_are_complete_and_valid():
    presets = {p.id: p for p in builtin_presets()}
    assert REQUIRED <= set(presets)
    assert all(p.name and p.builtin for p in presets.values())
    j2k = presets["nitf-j2k-lossless"].options
    assert (j2k.compression, j2k.comrat, j2k.block_size) == ("C8", "N001.0", (1024, 1024))
    jpeg = presets["nitf-jpeg-85"].options
    assert (jpeg.compression, jpeg.quality, jpeg.block_size) == ("C3", 85, (256, 256))
    cog = presets["cog-deflate"].options
    assert (cog.format, cog.block_size, cog.overviews) == ("tiff", (512, 512), -1)
    quick = presets["png-quicklook"].options
    assert quick.stretch and quick.max_size == 2048 and presets["png-quicklook"].extension == ".png"


def test_user_presets_save_load_delete(tmp_path):
    store = PresetStore(tmp_path / "cfg")
    preset = Preset("my-lzw", "My LZW", ExportOptions(format="tiff", compression="LZW",
                                                      block_size=(128, 128)))
    path = store.save(preset)
    assert json.loads(path.read_text())["options"]["compression"] == "LZW"
    again = PresetStore(tmp_path / "cfg").get("my-lzw")
    assert again == preset and not again.builtin
    store.delete("my-lzw")
    with pytest.raises(KeyError, match="my-lzw"):
        store.get("my-lzw")


def test_builtin_ids_cannot_be_overwritten(tmp_path):
    store = PresetStore(tmp_path)
    with pytest.raises(ValueError, match="built in"):
        store.save(Preset("cog-deflate", "x", ExportOptions(format="tiff")))


def test_invalid_presets_are_refused_naming_the_field(tmp_path):
    store = PresetStore(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "bad", "name": "Bad",
                               "options": {"format": "nitf", "compression": "C3",
                                           "imode": "R"}}))
    with pytest.raises(ValueError, match="imode"):
        store.import_file(bad)
    assert store.user_presets() == []


def test_import_export_round_trip(tmp_path):
    store = PresetStore(tmp_path / "a")
    out = tmp_path / "shared.json"
    store.export_file("nitf-jpeg-85", out)
    data = json.loads(out.read_text())
    data["id"], data["name"] = "team-jpeg", "Team JPEG"
    out.write_text(json.dumps(data))
    other = PresetStore(tmp_path / "b")
    imported = other.import_file(out)
    assert other.get("team-jpeg").options == imported.options
    assert imported.options.quality == 85


def test_default_per_format(tmp_path):
    store = PresetStore(tmp_path)
    assert store.default_for("tiff").options.format == "tiff"
    store.save(Preset("mine", "Mine", ExportOptions(format="tiff", compression="None")))
    store.set_default("gtiff", "mine")
    assert PresetStore(tmp_path).default_for("tif").id == "mine"
    with pytest.raises(ValueError, match="writes"):
        store.set_default("png", "mine")
