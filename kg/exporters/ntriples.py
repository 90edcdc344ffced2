"""N-Triples: the whole graph, one triple a line, sorted (the build's own file)."""
import shutil
from pathlib import Path

from kg.exporters.rdffile import nt_path

SUFFIX, FOLDER = ".nt", False


def write(build_dir: Path, path: Path) -> None:
    shutil.copyfile(nt_path(build_dir), path)
