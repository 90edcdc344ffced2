"""Regenerate kg/schema/vocab.py from ontology/survkg.ttl (run after editing the ontology)."""
import argparse

from kg.schema.ontology import VOCAB_PY, render_vocab

if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__).parse_args()  # --help, and no stray argument
    VOCAB_PY.write_text(render_vocab(), encoding="utf-8")
    print(f"wrote {VOCAB_PY}")
