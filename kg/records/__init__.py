"""The records layer: data/**/*.yaml read strictly (path:line kept), the pydantic models that are
the input contract, field types, countries, validation and cross-references (`Dataset`), and
the checks that need only records (likely duplicates, answered gaps, data assertions, verbatim
quotes). It may import `kg.schema` and `kg.errors`, nothing above."""
