"""The question layer: plain-language questions mapped onto the analysis operations
(`kg.ask.questions`). It may import `kg.analysis` and the layers below, nothing above."""
