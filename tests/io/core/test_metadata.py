import pytest

from workbench.io import BufferedMetadataProvider, MetadataProvider


def test_set_get_delete_contains_and_entries_prefix():
    m = BufferedMetadataProvider()
    m["IMODE"] = "B"
    m["IC"] = "NC"
    m["NPPBH"] = "256"
    m["NPPBV"] = "256"
    assert m.get("IMODE") == "B"
    assert m.get("MISSING") is None
    assert "IC" in m and "XX" not in m
    assert m.entries("NPP") == {"NPPBH": "256", "NPPBV": "256"}
    assert m.entries() == {"IMODE": "B", "IC": "NC", "NPPBH": "256", "NPPBV": "256"}
    del m["IC"]
    assert "IC" not in m
    with pytest.raises(TypeError):
        m[3] = "x"


def test_source_copy_is_deep():
    src = BufferedMetadataProvider()
    src["ICHIPB"] = {"XFRM_FLAG": "00"}
    src["BAND_INFO"] = [{"IREPBAND": "R"}]
    copy = BufferedMetadataProvider(source=src)
    copy["ICHIPB"]["XFRM_FLAG"] = "01"
    copy["BAND_INFO"][0]["IREPBAND"] = "G"
    copy["IC"] = "C8"
    assert src["ICHIPB"]["XFRM_FLAG"] == "00"
    assert src["BAND_INFO"][0]["IREPBAND"] == "R"
    assert "IC" not in src
    assert BufferedMetadataProvider(source={"A": "1"})["A"] == "1"


def test_repeated_values_and_read_only_provider():
    m = BufferedMetadataProvider()
    m.set_all("PIAPEA", [{"LASTNME": "A"}, {"LASTNME": "B"}])
    m.append("PIAPEA", {"LASTNME": "C"})
    assert [v["LASTNME"] for v in m.get_all("PIAPEA")] == ["A", "B", "C"]
    assert m.get_all("NONE") == []
    ro = MetadataProvider({"X": "1"})
    with pytest.raises(TypeError):
        ro["X"] = "2"  # read-only mapping has no __setitem__
