"""Export presets: built-in ones shipped as JSON in ``resources/presets/``, user ones saved as
JSON in the user's config directory (``platformdirs``; ``WORKBENCH_CONFIG_DIR`` overrides it),
import/export of single preset files, and a default preset per target format.

A preset file is ``{"id": ..., "name": ..., "description": ..., "options": {ExportOptions}}``.
The same presets drive the export dialog, the batch conversion panel and the CLI.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .options import ExportOptions, canonical_format
from .validate import validate_options

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass
class Preset:
    id: str
    name: str
    options: ExportOptions
    description: str = ""
    builtin: bool = field(default=False, compare=False)

    @property
    def extension(self) -> str:
        return self.options.extension

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "description": self.description,
                "options": self.options.to_dict()}

    @classmethod
    def from_dict(cls, data: dict, builtin: bool = False, origin: str = "preset") -> "Preset":
        if not isinstance(data, dict):
            raise ValueError(f"{origin}: a preset is a JSON object, got {type(data).__name__}")
        for key in ("id", "name", "options"):
            if key not in data:
                raise ValueError(f"{origin}: missing field {key!r}")
        pid = str(data["id"])
        if not _ID.match(pid):
            raise ValueError(f"{origin}: id {pid!r} must be lowercase letters, digits, '.', '-' "
                             "or '_' (at most 64)")
        try:
            options = ExportOptions.from_dict(data["options"])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{origin}: {exc}") from None
        problems = validate_options(options)
        if problems:
            raise ValueError(f"{origin}: " + "; ".join(map(str, problems)))
        return cls(pid, str(data["name"]), options, str(data.get("description", "")), builtin)


def builtin_presets() -> list[Preset]:
    folder = resources.files("workbench.resources") / "presets"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            out.append(Preset.from_dict(json.loads(entry.read_text(encoding="utf-8")), True,
                                        f"built-in preset {entry.name}"))
    return out


def config_dir() -> Path:
    env = os.environ.get("WORKBENCH_CONFIG_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("imagery-workbench", appauthor=False))


class PresetStore:
    """Built-in plus user presets; user presets live in ``<config>/presets/<id>.json`` and the
    default per format in ``<config>/preset-defaults.json``."""

    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory) if directory is not None else config_dir()

    @property
    def user_dir(self) -> Path:
        return self.directory / "presets"

    @property
    def defaults_file(self) -> Path:
        return self.directory / "preset-defaults.json"

    # -- listing ----------------------------------------------------------------------------
    def user_presets(self) -> list[Preset]:
        if not self.user_dir.is_dir():
            return []
        out = []
        for path in sorted(self.user_dir.glob("*.json")):
            try:
                out.append(Preset.from_dict(json.loads(path.read_text(encoding="utf-8")),
                                            origin=str(path)))
            except (ValueError, json.JSONDecodeError):
                continue  # a broken user file must not hide the others; import reports errors
        return out

    def all(self) -> list[Preset]:
        builtins = builtin_presets()
        ids = {p.id for p in builtins}
        return builtins + [p for p in self.user_presets() if p.id not in ids]

    def get(self, preset_id: str) -> Preset:
        for preset in self.all():
            if preset.id == preset_id:
                return preset
        known = ", ".join(p.id for p in self.all())
        raise KeyError(f"no preset {preset_id!r}; known presets: {known}")

    # -- saving -----------------------------------------------------------------------------
    def save(self, preset: Preset) -> Path:
        if preset.id in {p.id for p in builtin_presets()}:
            raise ValueError(f"preset id {preset.id!r} is built in; choose another id")
        Preset.from_dict(preset.to_dict(), origin=f"preset {preset.id}")  # validate
        self.user_dir.mkdir(parents=True, exist_ok=True)
        path = self.user_dir / f"{preset.id}.json"
        _write_json(path, preset.to_dict())
        return path

    def delete(self, preset_id: str) -> None:
        path = self.user_dir / f"{preset_id}.json"
        if not path.is_file():
            raise KeyError(f"no user preset {preset_id!r}")
        path.unlink()

    def import_file(self, path: str | os.PathLike) -> Preset:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON: {exc}") from None
        preset = Preset.from_dict(data, origin=os.fspath(path))
        self.save(preset)
        return preset

    def export_file(self, preset_id: str, path: str | os.PathLike) -> None:
        _write_json(Path(path), self.get(preset_id).to_dict())

    # -- defaults per format ----------------------------------------------------------------
    def defaults(self) -> dict[str, str]:
        try:
            return dict(json.loads(self.defaults_file.read_text(encoding="utf-8")))
        except (FileNotFoundError, json.JSONDecodeError, TypeError, ValueError):
            return {}

    def set_default(self, format_name: str, preset_id: str) -> None:
        fmt = canonical_format(format_name)
        preset = self.get(preset_id)
        if canonical_format(preset.options.format) != fmt:
            raise ValueError(f"preset {preset_id!r} writes {preset.options.format}, not {fmt}")
        data = self.defaults()
        data[fmt] = preset_id
        self.directory.mkdir(parents=True, exist_ok=True)
        _write_json(self.defaults_file, data)

    def default_for(self, format_name: str) -> Preset | None:
        fmt = canonical_format(format_name)
        chosen = self.defaults().get(fmt)
        if chosen:
            try:
                return self.get(chosen)
            except KeyError:
                pass
        for preset in builtin_presets():
            if canonical_format(preset.options.format) == fmt:
                return preset
        return None


def _write_json(path: Path, data) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a preset."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
