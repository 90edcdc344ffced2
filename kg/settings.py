"""Settings as flat constants, each from the environment with a default."""
import os

DATA_DIR = os.environ.get("KG_DATA", "data")
BUILD_DIR = os.environ.get("KG_BUILD", "build")
