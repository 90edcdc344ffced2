"""Regenerate kg/schema/vocab.py from ontology/survkg.ttl (run after editing the ontology)."""
from kg.schema.ontology import VOCAB_PY, render_vocab

if __name__ == "__main__":
    VOCAB_PY.write_text(render_vocab(), encoding="utf-8")
    print(f"wrote {VOCAB_PY}")
