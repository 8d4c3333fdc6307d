"""Fast checks of the installer's inputs, without running PyInstaller: the spec's data lists name
files that exist and cover resources/, the codec modules it bundles cover what workbench uses,
nothing it leaves out is imported at run time, the spec stays platform-neutral, and the Linux
desktop entry is valid."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_data = _load("bundle_data")


def _workbench_sources():
    return sorted((ROOT / "workbench").rglob("*.py"))


# --- data files ---------------------------------------------------------------------------------

def test_resource_datas_name_existing_files_and_cover_resources_folder():
    datas = bundle_data.resource_datas(ROOT)
    for src, dest in datas:
        assert Path(src).is_file(), src
        assert dest == bundle_data.RESOURCES_DEST or dest.startswith(bundle_data.RESOURCES_DEST + "/")
    bundled = {Path(src).relative_to(ROOT / "resources").as_posix() for src, _ in datas}
    on_disk = {p.relative_to(ROOT / "resources").as_posix()
               for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert bundled == on_disk
    for needed in ("__init__.py", "sample/sample.ntf", "icons/workbench.png",
                   "presets/png-quicklook.json", "tre/RPC00B.json", "tre/USE00A.json"):
        assert needed in bundled, needed


def test_resource_datas_keep_the_folder_layout():
    dests = {Path(src).relative_to(ROOT / "resources").as_posix(): dest
             for src, dest in bundle_data.resource_datas(ROOT)}
    assert dests["__init__.py"] == "workbench/resources"
    assert dests["tre/RPC00B.json"] == "workbench/resources/tre"
    assert dests["presets/cog-deflate.json"] == "workbench/resources/presets"


def test_resource_datas_skip_bytecode(tmp_path):
    (tmp_path / "resources" / "__pycache__").mkdir(parents=True)
    (tmp_path / "resources" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "resources" / "presets").mkdir()
    (tmp_path / "resources" / "presets" / "a.json").write_text("{}")
    assert bundle_data.resource_datas(tmp_path) == [
        (str(tmp_path / "resources" / "presets" / "a.json"), "workbench/resources/presets")]


def test_bundled_presets_are_valid_json_with_their_file_name_as_id():
    for src, _ in bundle_data.resource_datas(ROOT):
        if Path(src).parent.name == "presets":
            assert json.loads(Path(src).read_text(encoding="utf-8"))["id"] == Path(src).stem


# --- modules ------------------------------------------------------------------------------------

def _imagecodecs_attributes() -> set[str]:
    used = set()
    for path in _workbench_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "imagecodecs"):
                used.add(node.attr)
    return used


def test_bundled_imagecodecs_modules_cover_every_codec_workbench_uses():
    from imagecodecs import imagecodecs as table  # the package's own attribute -> module map

    used = _imagecodecs_attributes()
    assert {"jpeg2k_decode", "deflate_encode", "jpeg8_encode"} <= used  # the scan finds them
    needed = {table._ATTRIBUTES[table._ALIASES.get(a, a)] for a in used
              if table._ATTRIBUTES.get(table._ALIASES.get(a, a))}
    missing = needed - set(bundle_data.IMAGECODECS_MODULES)
    assert not missing, f"add {sorted(missing)} to IMAGECODECS_MODULES in installer/bundle_data.py"


def test_bundled_imagecodecs_modules_import_only_each_other():
    """Importing the listed codec modules pulls in no other imagecodecs extension (a fresh
    interpreter, so other tests' imports do not hide one)."""
    code = ("import importlib, json, sys\n"
            f"for m in {bundle_data.IMAGECODECS_MODULES!r}:\n"
            "    importlib.import_module('imagecodecs.' + m)\n"
            "print(json.dumps(sorted(k[12:] for k in sys.modules if k.startswith('imagecodecs._'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert set(json.loads(out.stdout)) == set(bundle_data.IMAGECODECS_MODULES)


def _imported_top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_workbench_imports_nothing_the_bundle_leaves_out():
    excluded = set(bundle_data.EXCLUDES)
    offenders = {str(p.relative_to(ROOT)): sorted(_imported_top_level_names(p) & excluded)
                 for p in _workbench_sources()}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert "numpy" not in excluded and "PySide6" not in excluded


def test_about_versions_have_their_metadata_bundled():
    tree = ast.parse((ROOT / "workbench" / "gui" / "about.py").read_text(encoding="utf-8"))
    asked = {node.args[0].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_version"}
    assert "imagecodecs" in asked
    # numpy's own PyInstaller hook copies its metadata
    assert asked - {"numpy"} <= set(bundle_data.METADATA_DISTRIBUTIONS)
    from importlib import metadata

    for dist in bundle_data.METADATA_DISTRIBUTIONS:  # copy_metadata fails on a missing one
        assert metadata.version(dist)


# --- the spec -----------------------------------------------------------------------------------

def _string_literals(path: Path) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


@pytest.mark.parametrize("name", ["workbench.spec", "bundle_data.py", "launch.py"])
def test_spec_inputs_name_no_platform_specific_paths(name):
    platform_path = re.compile(r"^(/\w|[A-Za-z]:\\)|site-packages|\.(so|dll|dylib)\b|/usr/|/lib/")
    bad = [s for s in _string_literals(INSTALLER / name) if platform_path.search(s)]
    assert bad == []


def test_spec_uses_the_data_lists():
    text = (INSTALLER / "workbench.spec").read_text(encoding="utf-8")
    ast.parse(text)
    for name in ("resource_datas(ROOT)", "IMAGECODECS_MODULES", "METADATA_DISTRIBUTIONS",
                 "EXCLUDES", "launch.py"):
        assert name in text, name
    assert 'name="workbench"' in text


# --- the desktop entry --------------------------------------------------------------------------

FIELD_CODES = {"%f", "%F", "%u", "%U", "%i", "%c", "%k", "%%"}


def _desktop_entry() -> dict[str, str]:
    text = (INSTALLER / "workbench.desktop").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "[Desktop Entry]"  # the first group must be this one
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(text)
    return dict(parser["Desktop Entry"])


def test_desktop_entry_has_the_required_keys():
    entry = _desktop_entry()
    for key in ("Type", "Name", "Exec", "Icon"):
        assert entry.get(key), key
    assert entry["Type"] == "Application"
    assert entry["Terminal"] in ("true", "false")


def test_desktop_entry_runs_and_shows_what_the_bundle_installs():
    entry = _desktop_entry()
    program, *args = entry["Exec"].split()
    assert program == "workbench"  # the EXE's name in the spec
    assert all(a in FIELD_CODES or "%" not in a for a in args), args
    build = (INSTALLER / "build.sh").read_text(encoding="utf-8")
    assert f"resources/icons/{entry['Icon']}.png" in build  # icon names carry no extension


def test_desktop_entry_lists_end_with_semicolons_and_mime_types_are_well_formed():
    entry = _desktop_entry()
    for key in ("Categories", "MimeType", "Keywords"):
        assert entry[key].endswith(";"), key
    for mime in entry["MimeType"].rstrip(";").split(";"):
        assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", mime), mime
    assert {"Graphics", "Viewer"} <= set(entry["Categories"].rstrip(";").split(";"))
