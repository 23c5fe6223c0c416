"""Desktop integration files are well formed and agree with the entry points."""

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_desktop_file_launches_the_gui_entry_point():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "packaging" / "avrec-desktop.desktop")
    section = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert section["Exec"].split()[0] in scripts
    assert section["Type"] == "Application" and section["Icon"] == "avrec-desktop"
    assert (ROOT / "packaging" / "avrec-desktop.svg").exists()


def test_appstream_metadata_points_at_the_desktop_file():
    tree = ET.parse(ROOT / "packaging" / "io.github.avrec.desktop.metainfo.xml")
    assert tree.find("launchable").text == "avrec-desktop.desktop"
    for shot in tree.iter("image"):
        assert (ROOT / shot.text).exists()
