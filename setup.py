"""Package layout: the ``workbench`` packages plus the top-level ``resources/`` folder, shipped
inside the wheel as the data package ``workbench.resources``."""
import os

from setuptools import find_packages, setup

resource_dirs = [
    root.replace(os.sep, ".")
    for root, _dirs, _files in os.walk("resources")
    if "__pycache__" not in root
]
packages = find_packages(include=["workbench", "workbench.*"]) + [
    "workbench." + d for d in resource_dirs
]
setup(
    packages=packages,
    package_dir={"workbench.resources": "resources"},
    package_data={"workbench." + d: ["*"] for d in resource_dirs},
    include_package_data=True,
)
